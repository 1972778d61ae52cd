/** Applying online for the demo Sperrmüll form of Lemgo (see support/application-journey.ts). */
import { applicationJourneyTests, walkOf } from './support/application-journey.ts';

applicationJourneyTests({
  walk: walkOf('sperrmuell'),
  municipality: { slug: 'lemgo', name: 'Lemgo', wohnort: '32657' },
  // A pick-up needs a week's notice.
  invalid: { step: 'termin', field: 'wunschtermin', value: '01.01.2020', message: /Wunschtermin/ },
  resumeAt: 'sperrmuellArt',
  change: { label: 'Wie viel ist es ungefähr?', step: 'sperrmuellArt', field: 'menge', value: '3', shown: 'Wie viel ist es ungefähr? 3' },
});
