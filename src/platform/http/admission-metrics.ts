/** Admission control's shed counts and gate state in the Prometheus text format, appended to /metrics. */
import type { FairGate } from './fair-gate.ts';
import type { RequestClass } from './admission-classes.ts';

export function admissionMetrics(gates: Record<RequestClass, FairGate>): string {
  const lines = [
    '# HELP kreisportal_admission_shed_total Requests answered 503 by admission control.',
    '# TYPE kreisportal_admission_shed_total counter',
  ];
  for (const [kind, gate] of Object.entries(gates)) {
    for (const [reason, count] of Object.entries(gate.refused)) lines.push(`kreisportal_admission_shed_total{class="${kind}",reason="${reason}"} ${count}`);
  }
  lines.push('# HELP kreisportal_admission_in_flight Requests holding a slot.', '# TYPE kreisportal_admission_in_flight gauge');
  for (const [kind, gate] of Object.entries(gates)) lines.push(`kreisportal_admission_in_flight{class="${kind}"} ${gate.inFlight}`);
  lines.push('# HELP kreisportal_admission_queued Requests waiting for a slot.', '# TYPE kreisportal_admission_queued gauge');
  for (const [kind, gate] of Object.entries(gates)) lines.push(`kreisportal_admission_queued{class="${kind}"} ${gate.queued}`);
  return `${lines.join('\n')}\n`;
}
