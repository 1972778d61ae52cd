import type { Problem } from '../definition/validate-definition.ts';

/**
 * A problem with a definition offered to the store: the validator's problems, plus the few the
 * store adds itself (unparsable JSON on import, a draft that changes the form's id).
 */
export type DefinitionProblem = Problem | { path: string; code: 'invalid_json' | 'id_changed'; message: string };

/** The definition was refused; `problems` says where and why, for an editor to show. */
export class InvalidDefinitionError extends Error {
  override name = 'InvalidDefinitionError';
  readonly problems: readonly DefinitionProblem[];

  constructor(problems: readonly DefinitionProblem[]) {
    super(`Invalid form definition: ${problems.map((p) => `${p.path || '/'} ${p.message}`).join('; ')}`);
    this.problems = problems;
  }
}

/** The form, version or draft asked for does not exist in this scope. */
export class FormNotFoundError extends Error {
  override name = 'FormNotFoundError';
}

/** The request contradicts the form's state, e.g. adopting a slug the tenant already uses. */
export class FormConflictError extends Error {
  override name = 'FormConflictError';
}
