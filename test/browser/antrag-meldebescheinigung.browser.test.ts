/**
 * Applying online for the demo Meldebescheinigung of Lage (see support/application-journey.ts).
 * Its only file field (Vollmacht) belongs to a certificate for another adult, a side branch not taken here.
 */
import { applicationJourneyTests, walkOf } from './support/application-journey.ts';

applicationJourneyTests({
  walk: walkOf('meldebescheinigung'),
  municipality: { slug: 'lage', name: 'Lage', wohnort: '32791' },
  invalid: { step: 'antragsteller', field: 'email', value: 'erika(at)example.test', message: /E-Mail-Adresse/ },
  resumeAt: 'person',
  change: { label: 'Vornamen der Person', step: 'person', field: 'personVorname', value: 'Lina Marie', shown: 'Vornamen der Person Lina Marie' },
});
