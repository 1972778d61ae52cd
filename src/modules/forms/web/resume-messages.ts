/** Texts of "save and continue later" and of resuming a draft. */
import { defineMessages } from '../../../platform/i18n/i18n.ts';

export const resumeMessages = defineMessages({
  de: {
    saveTitle: 'Speichern und später fortsetzen',
    saveLead: 'Ihre Angaben sind gespeichert. Wir schicken Ihnen einen Link, mit dem Sie den Antrag später weiter ausfüllen können – auch auf einem anderen Gerät.',
    saveExpiry: 'Der Link funktioniert einmal. Ihr Entwurf wird am {date} gelöscht, wenn Sie nicht weitermachen.',
    emailLabel: 'E-Mail-Adresse',
    emailHint: 'An diese Adresse senden wir nur den Link. Ihre Angaben stehen nicht in der E-Mail.',
    'email.required': 'Geben Sie Ihre E-Mail-Adresse ein, damit wir Ihnen den Link schicken können.',
    send: 'Link senden',
    backToForm: 'Zurück zum Antrag',
    sentTitle: 'Wir haben Ihnen einen Link geschickt',
    sentBody: 'Öffnen Sie die E-Mail und folgen Sie dem Link, um weiterzumachen. Sie können dieses Fenster jetzt schließen.',
    sentNoMail: 'Keine E-Mail bekommen? Sehen Sie im Spam-Ordner nach oder fordern Sie einen neuen Link an. Ein neuer Link ersetzt den alten.',
    mailSubject: 'Ihr angefangener Antrag: {title}',
    mailBody:
      'Guten Tag,\n\nSie haben einen Antrag gespeichert: {title}.\n\nMit diesem Link machen Sie weiter (er funktioniert einmal):\n{link}\n\nIhr Entwurf wird am {date} gelöscht, wenn Sie nicht weitermachen.\n\nWenn Sie das nicht angefordert haben, können Sie diese E-Mail ignorieren.\n\n{district}',
    resumeTitle: 'Antrag weiter ausfüllen',
    resumeLead: 'Mit diesem Link öffnen Sie Ihren gespeicherten Antrag in diesem Browser. Auf dem anderen Gerät ist er danach nicht mehr offen.',
    resumeButton: 'Antrag öffnen',
    resumeInvalidTitle: 'Der Link funktioniert nicht mehr',
    resumeInvalid: 'Der Link wurde schon benutzt, ist abgelaufen oder unvollständig. Wenn Sie den Antrag noch in einem anderen Browser offen haben, fordern Sie dort einen neuen Link an. Sonst starten Sie den Antrag neu.',
    startAgain: 'Antrag neu starten',
  },
  en: {
    saveTitle: 'Save and continue later',
    saveLead: 'Your answers are saved. We will send you a link to continue your application later – on another device too.',
    saveExpiry: 'The link works once. Your draft will be deleted on {date} unless you continue.',
    emailLabel: 'Email address',
    emailHint: 'We only send the link to this address. Your answers are not in the email.',
    'email.required': 'Enter your email address so that we can send you the link.',
    send: 'Send link',
    backToForm: 'Back to the application',
    sentTitle: 'We have sent you a link',
    sentBody: 'Open the email and follow the link to continue. You can close this window now.',
    sentNoMail: 'No email? Check your spam folder or ask for a new link. A new link replaces the old one.',
    mailSubject: 'Your unfinished application: {title}',
    mailBody:
      'Hello,\n\nYou saved an application: {title}.\n\nContinue with this link (it works once):\n{link}\n\nYour draft will be deleted on {date} unless you continue.\n\nIf you did not ask for this, you can ignore this email.\n\n{district}',
    resumeTitle: 'Continue your application',
    resumeLead: 'This link opens your saved application in this browser. It will then no longer be open on the other device.',
    resumeButton: 'Open application',
    resumeInvalidTitle: 'This link no longer works',
    resumeInvalid: 'The link has already been used, has expired or is incomplete. If the application is still open in another browser, ask for a new link there. Otherwise start the application again.',
    startAgain: 'Start the application again',
  },
});
