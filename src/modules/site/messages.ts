import { defineMessages } from '../../platform/i18n/i18n.ts';

export const siteMessages = defineMessages({
  de: {
    'imprint.title': 'Impressum',
    'imprint.body': 'Anbieter dieses Portals ist der {district} gemeinsam mit seinen Städten und Gemeinden. Verantwortlich für die Inhalte einer Stadt oder Gemeinde ist die jeweilige Verwaltung; ihre Anschrift finden Sie auf der Seite der Stadt oder Gemeinde.',
    'imprint.address': 'Anschrift des Kreises',
    'privacy.title': 'Datenschutz',
    'privacy.body': 'Wir verarbeiten Ihre Daten nur, soweit das für die beantragte Verwaltungsleistung nötig ist (Art. 6 Abs. 1 lit. c und e DSGVO). Zuständig ist jeweils die Behörde, die Ihren Antrag bearbeitet.',
    'privacy.cookies': 'Dieses Portal setzt nur technisch notwendige Cookies: für die Anmeldung, zum Schutz von Formularen und für die gewählte Sprache. Es gibt kein Tracking.',
    'privacy.rights': 'Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung (Art. 15 bis 18 DSGVO) sowie auf Beschwerde bei der Landesbeauftragten für Datenschutz und Informationsfreiheit Nordrhein-Westfalen.',
    'accessibility.title': 'Erklärung zur Barrierefreiheit',
    'accessibility.body': 'Der {district} ist bemüht, dieses Portal im Einklang mit der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) und den Anforderungen der WCAG 2.1 auf Stufe AA barrierefrei zugänglich zu machen.',
    'accessibility.status': 'Jede Seite wird vor jeder Veröffentlichung automatisch in einem echten Browser mit axe geprüft; alle Wege für Bürgerinnen und Bürger funktionieren ohne JavaScript und mit der Tastatur.',
    'accessibility.feedback': 'Wenn Ihnen Barrieren auffallen, schreiben Sie uns bitte. Wenn Sie keine zufriedenstellende Antwort erhalten, können Sie sich an die Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen wenden.',
    'language.title': 'Sprache',
  },
  en: {
    'imprint.title': 'Legal notice',
    'imprint.body': 'This portal is provided by the {district} together with its towns and municipalities. Each town or municipality is responsible for its own content; you find its address on its page.',
    'imprint.address': 'Address of the district',
    'privacy.title': 'Privacy',
    'privacy.body': 'We only process your data as far as the public service you apply for requires it (Art. 6(1)(c) and (e) GDPR). The authority that handles your application is responsible for it.',
    'privacy.cookies': 'This portal only sets cookies that are technically necessary: for signing in, to protect forms and for your chosen language. There is no tracking.',
    'privacy.rights': 'You have the right of access, rectification, erasure and restriction of processing (Art. 15 to 18 GDPR) and the right to lodge a complaint with the data protection commissioner of North Rhine-Westphalia.',
    'accessibility.title': 'Accessibility statement',
    'accessibility.body': 'The {district} strives to make this portal accessible in line with the German accessibility regulation (BITV 2.0) and WCAG 2.1 level AA.',
    'accessibility.status': 'Every page is checked automatically with axe in a real browser before each release; every citizen journey works without JavaScript and with the keyboard.',
    'accessibility.feedback': 'If you notice a barrier, please write to us. If you do not receive a satisfactory answer, you can contact the ombudsman for accessible information technology of North Rhine-Westphalia.',
    'language.title': 'Language',
  },
});
