/**
 * The cooperation hub of the digital officers (Digitalisierungsbeauftragte) and the OZG
 * dashboard. Tenancy: docs/adr/0009-cooperation-hub-tenancy.md.
 */
export { hubRoutes } from './routes.ts';
export { recordMaturitySnapshots } from './dashboard.ts';
export { berlinToday } from './overview.ts';
export { seedDemoHub, type DemoHubResult } from './seed-demo-hub.ts';
export { ozgSnapshotTask } from './snapshot-task.ts';
export { hubDigestTask, sendWeeklyDigests } from './digest.ts';
