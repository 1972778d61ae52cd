/** Admission control's shed counts and gate state in the Prometheus text format, appended to /metrics. */
import { noRefusals, noTenant, type FairGate } from './fair-gate.ts';
import type { RequestClass } from './admission-classes.ts';

export function admissionMetrics(gates: Record<RequestClass, FairGate>): string {
  const lines = [
    '# HELP kreisportal_admission_shed_total Requests answered 503 by admission control, by the municipality they were about (no tenant label: shared pages).',
    '# TYPE kreisportal_admission_shed_total counter',
  ];
  for (const [kind, gate] of Object.entries(gates)) {
    // The shared pages' series always, a municipality's once it had a refusal. A tenant label with
    // an empty value is no label in Prometheus, so `sum by (class, reason)` gives the totals.
    const byTenant = new Map([[noTenant, noRefusals()], ...gate.refusedByTenant]);
    for (const [tenant, counts] of byTenant) {
      const tenantLabel = tenant === noTenant ? '' : `,tenant="${tenant}"`;
      for (const [reason, count] of Object.entries(counts)) lines.push(`kreisportal_admission_shed_total{class="${kind}",reason="${reason}"${tenantLabel}} ${count}`);
    }
  }
  lines.push('# HELP kreisportal_admission_in_flight Requests holding a slot.', '# TYPE kreisportal_admission_in_flight gauge');
  for (const [kind, gate] of Object.entries(gates)) lines.push(`kreisportal_admission_in_flight{class="${kind}"} ${gate.inFlight}`);
  lines.push('# HELP kreisportal_admission_queued Requests waiting for a slot.', '# TYPE kreisportal_admission_queued gauge');
  for (const [kind, gate] of Object.entries(gates)) lines.push(`kreisportal_admission_queued{class="${kind}"} ${gate.queued}`);
  return `${lines.join('\n')}\n`;
}
