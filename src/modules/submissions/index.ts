/** Drafts and submissions of citizens' applications: the module's public surface. */
export { latestDraft, saveAnswers, startDraft, draftLifetimeDays, type Draft, type DraftKey } from './drafts.ts';
export { findReceipt, findReceiptWithAnswers, type Receipt, type ReceiptViewer, type ReceiptWithAnswers } from './receipts.ts';
export { receiptPdf, type ReceiptDocument } from './receipt-pdf.ts';
export { receiptMessages } from './receipt-messages.ts';
export { submitDraft, type Recheck, type SubmitOutcome } from './submit.ts';
export { hashDraftToken, isDraftToken, newDraftToken, newReference } from './tokens.ts';
export { listMyApplications, type MyApplications, type MyDraft, type MySubmission } from './my-applications.ts';
export { resumeOwnDraft, resumeWithToken, setResumeToken } from './resume.ts';
export { deleteExpiredDrafts } from './expire-drafts.ts';
export { myApplicationsRoutes } from './web/my-applications-routes.ts';
export { addAttachment, fileRef, listAttachments, removeAttachment, type Attachment, type NewAttachment, type ScanResult } from './attachments.ts';
