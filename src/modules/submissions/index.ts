/** Drafts and submissions of citizens' applications: the module's public surface. */
export { latestDraft, saveAnswers, startDraft, draftLifetimeDays, type Draft, type DraftKey } from './drafts.ts';
export { findReceipt, type Receipt } from './receipts.ts';
export { submitDraft, type Recheck, type SubmitOutcome } from './submit.ts';
export { hashDraftToken, isDraftToken, newDraftToken, newReference } from './tokens.ts';
