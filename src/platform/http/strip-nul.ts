import type { FastifyInstance } from 'fastify';

/**
 * PostgreSQL text cannot hold U+0000, so a NUL typed or pasted anywhere would end as a database
 * error (500). No form of the platform has a use for it: it is removed from every query string
 * and form field before any route sees the input.
 */
function clean(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
  if (Array.isArray(value)) return value.map(clean);
  // Plain records only (parsers make them with or without a prototype); file objects stay untouched.
  const plain = value !== null && typeof value === 'object' && [Object, undefined].includes((value as { constructor?: unknown }).constructor as ObjectConstructor | undefined);
  if (plain) {
    for (const [key, inner] of Object.entries(value)) (value as Record<string, unknown>)[key] = clean(inner);
  }
  return value;
}

export function registerNulStripping(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (request.query && typeof request.query === 'object') clean(request.query);
    if (request.body && typeof request.body === 'object') clean(request.body);
  });
}
