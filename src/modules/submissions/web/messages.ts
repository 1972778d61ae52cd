/** Texts of "Meine Anträge". */
import { defineMessages } from '../../../platform/i18n/i18n.ts';

export const myApplicationsMessages = defineMessages({
  de: {
    title: 'Meine Anträge',
    lead: 'Hier finden Sie Ihre Anträge aus allen Städten und Gemeinden des Kreises: angefangene und abgesendete.',
    drafts: 'Angefangene Anträge',
    draftsNone: 'Sie haben keine angefangenen Anträge.',
    draftSaved: 'Zuletzt gespeichert am {date}. Wird am {expires} gelöscht, wenn Sie nicht weitermachen.',
    resume: 'Weiter ausfüllen',
    submitted: 'Abgesendete Anträge',
    submittedNone: 'Sie haben noch keine Anträge abgesendet.',
    submittedOn: 'Abgesendet am {date}',
    reference: 'Aktenzeichen',
    receipt: 'Eingangsbestätigung ansehen',
    authority: 'Zuständig',
    status: 'Stand',
    statusPage: 'Stand und Nachrichten ansehen',
  },
  en: {
    title: 'My applications',
    lead: 'Your applications to all towns and municipalities of the district: started and sent.',
    drafts: 'Applications you have started',
    draftsNone: 'You have no unfinished applications.',
    draftSaved: 'Last saved on {date}. It will be deleted on {expires} unless you continue.',
    resume: 'Continue',
    submitted: 'Applications you have sent',
    submittedNone: 'You have not sent any applications yet.',
    submittedOn: 'Sent on {date}',
    reference: 'Reference number',
    receipt: 'View confirmation',
    authority: 'Responsible',
    status: 'Status',
    statusPage: 'See status and messages',
  },
});
