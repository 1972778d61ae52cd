/** E-Akte (records): the module's public surface. */
export { recordRoutes } from './web/routes.ts';
export { registerRecordJobs } from './record-jobs.ts';
export { fileCase, fileCaseTopic, type Filing } from './file-case.ts';
export { ensureFilePlan, seedFilePlans } from './file-plan.ts';
export { recordMessages } from './web/messages.ts';
