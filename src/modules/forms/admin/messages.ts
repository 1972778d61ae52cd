/**
 * Texts of the back-office form editor (/verwaltung/formulare), German first: one catalog for the
 * editor's views, put together from one file per page group.
 */
import { defineMessages } from '../../../platform/i18n/i18n.ts';
import { listMessages } from './list-messages.ts';
import { createMessages } from './create-messages.ts';
import { editorMessages } from './editor-messages.ts';
import { problemMessages } from './problem-messages.ts';
import { versionMessages } from './version-messages.ts';

export const adminMessages = defineMessages({
  de: { ...listMessages.de, ...createMessages.de, ...editorMessages.de, ...problemMessages.de, ...versionMessages.de },
  en: { ...listMessages.en, ...createMessages.en, ...editorMessages.en, ...problemMessages.en, ...versionMessages.en },
});

export type AdminMessageKey = keyof typeof adminMessages.de;
