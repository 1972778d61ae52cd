/**
 * Applying online for the demo Bewohnerparkausweis of Blomberg (see
 * support/application-journey.ts), with the vehicle registration certificate as a PDF.
 */
import { applicationJourneyTests, walkOf } from './support/application-journey.ts';
import { onePagePdf } from './support/test-files.ts';

applicationJourneyTests({
  walk: walkOf('bewohnerparkausweis'),
  municipality: { slug: 'blomberg', name: 'Blomberg', wohnort: '32825' },
  // Too young to hold a car: the form asks for applicants of 16 and over.
  invalid: { step: 'antragsteller', field: 'geburtsdatum', value: '01.01.2020', message: /Geburtsdatum/ },
  resumeAt: 'fahrzeug',
  change: { label: 'Amtliches Kennzeichen', step: 'fahrzeug', field: 'kennzeichen', value: 'LIP-XY 987', shown: 'Amtliches Kennzeichen LIP-XY 987' },
  upload: { step: 'fahrzeug', label: 'Zulassungsbescheinigung Teil I (freiwillig)', file: onePagePdf('zulassungsbescheinigung.pdf', 'Zulassungsbescheinigung Teil I') },
});
