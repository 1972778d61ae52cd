/**
 * Applying online for the demo Gewerbeanmeldung of Bad Salzuflen (see
 * support/application-journey.ts): a GmbH in a craft trade, with a photo of the Handwerkskarte.
 */
import { applicationJourneyTests, walkOf } from './support/application-journey.ts';
import { greyPng } from './support/test-files.ts';

applicationJourneyTests({
  walk: walkOf('gewerbeanmeldung', /GmbH/),
  municipality: { slug: 'bad-salzuflen', name: 'Bad Salzuflen', wohnort: '32105' },
  // There is no 31 February.
  invalid: { step: 'betriebsinhaber', field: 'geburtsdatum', value: '31.02.1985', message: /Geburtsdatum/ },
  resumeAt: 'betrieb',
  change: { label: 'Registernummer', step: 'rechtsformStep', field: 'registernummer', value: 'HRB 5678', shown: 'Registernummer HRB 5678' },
  upload: { step: 'erlaubnisse', label: 'Kopie der Handwerkskarte (freiwillig)', file: greyPng('handwerkskarte.png') },
});
