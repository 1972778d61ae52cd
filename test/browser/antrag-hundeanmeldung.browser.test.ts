/**
 * Applying online for the demo Hundeanmeldung of Detmold (see support/application-journey.ts).
 * Its only file field (Sachkundenachweis) belongs to a dangerous dog, a side branch not taken here.
 */
import { applicationJourneyTests, walkOf } from './support/application-journey.ts';

applicationJourneyTests({
  walk: walkOf('hundeanmeldung'),
  municipality: { slug: 'detmold', name: 'Detmold', wohnort: '32756' },
  // One digit off: the IBAN's check digits (ISO 13616) no longer fit.
  invalid: { step: 'bezahlung', field: 'iban', value: 'DE89 3704 0044 0532 0130 01', message: /IBAN/ },
  resumeAt: 'hundeAngaben',
  change: { label: 'Nachname', step: 'antragsteller', field: 'nachname', value: 'Musterfrau', shown: 'Nachname Musterfrau' },
});
