/** E-Akte (records): the module's public surface. */
export { recordRoutes } from './web/routes.ts';
export { registerRecordJobs } from './record-jobs.ts';
export { fileCase, fileCaseTopic, type Filing } from './file-case.ts';
export { ensureFilePlan, seedFilePlans } from './file-plan.ts';
export { recordMessages } from './web/messages.ts';
export { fileHubProjectDocument, hubProjectPositionCode, storeRecordUpload, type HubFiling } from './hub-filing.ts';
export type { StoredUpload } from './web/upload.ts';
// The upload pipeline the records use (multipart scope, blob store, clamd), for documents other modules file.
export { createUploadServices, registerMultipart, type UploadServices } from '../forms/web/upload-services.ts';
export type { VersionInput } from './documents.ts';
