/** Case processing (Sachbearbeitung): the module's public surface. */
export { registerCaseJobs } from './case-jobs.ts';
export { createCaseFromSubmission, submissionTopic } from './create-case.ts';
export { caseStaffRoutes } from './web/staff-routes.ts';
export { caseApplicantRoutes } from './web/applicant-routes.ts';
export { statusPagePath } from './notify-applicant.ts';
export { applicantCaseLink } from './web/applicant-link.ts';
export { caseDecisionRoutes } from './decisions/web/register.ts';
export { decisionIssuedTopic } from './decisions/issue-decision.ts';
export { decisionDeliveryTask } from './decisions/postal-delivery.ts';
export { caseApiRoutes } from './api/register.ts';
