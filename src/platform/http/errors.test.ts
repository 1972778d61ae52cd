import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyError } from 'fastify';
import { ConnectionAcquireError } from '../db/retry.ts';
import { classify, HttpError } from './errors.ts';

const failure = (message: string, fields: Record<string, unknown> = {}) => Object.assign(new Error(message), fields) as unknown as FastifyError;

test('a database that is away is a 503, however the driver says it', () => {
  const away = [
    new ConnectionAcquireError(new Error('connect ECONNREFUSED 127.0.0.1:5432')) as unknown as FastifyError,
    failure('terminating connection due to administrator command', { code: '57P01' }),
    failure('the database system is shutting down', { code: '57P03' }),
    failure('Connection terminated unexpectedly'),
    // node-postgres, on a client whose connection broke inside a transaction
    failure('Client has encountered a connection error and is not queryable'),
    failure('Client was closed and is not queryable'),
    failure('wrapped', { cause: failure('read ECONNRESET', { code: 'ECONNRESET' }) }),
  ];
  for (const error of away) assert.deepEqual(classify(error), { status: 503, kind: 'unavailable' }, error.message);
});

test('our own faults stay 500; expected failures keep their status', () => {
  assert.deepEqual(classify(failure('duplicate key value', { code: '23505' })), { status: 500, kind: 'internal' });
  assert.deepEqual(classify(failure('Cannot read properties of undefined')), { status: 500, kind: 'internal' });
  assert.deepEqual(classify(new HttpError(404, 'notFound') as unknown as FastifyError), { status: 404, kind: 'notFound' });
  assert.deepEqual(classify(failure('body too large', { statusCode: 413 })), { status: 413, kind: 'tooLarge' });
  assert.deepEqual(classify(failure('bad json', { statusCode: 400 })), { status: 400, kind: 'badRequest' });
});
