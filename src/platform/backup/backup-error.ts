/**
 * An operator's mistake or a damaged backup (target not empty, checksum mismatch, missing
 * directory, ...): the CLI prints its message as one line instead of a stack trace.
 */
export class BackupError extends Error {
  override name = 'BackupError';
}
