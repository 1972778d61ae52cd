/**
 * JSON schemas of the case API. Fastify validates requests and serialises answers with them, and
 * @fastify/swagger turns them into /api/openapi.json, so the description cannot drift from what
 * the routes do (src/platform/http/openapi.ts).
 */
import { caseStatuses } from '../workflow.ts';

const uuid = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const isoDay = '^\\d{4}-\\d{2}-\\d{2}$';

export const security = [{ bearerAuth: [] }];
export const tags = ['cases'];

const problem = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', description: 'unauthorized, forbidden, notFound, badRequest, …' },
        message: { type: 'string', description: 'What went wrong, for people (German, or English with Accept-Language: en)' },
        field: { type: 'string', description: 'The input that was refused' },
        reason: { type: 'string', description: 'Why, for programs (e.g. transition_not_allowed)' },
      },
    },
  },
} as const;

/** The error answers every route can give. */
export const problems = {
  400: { description: 'Invalid input; the message names the problem', ...problem },
  401: { description: 'No, an unknown or a revoked token (with WWW-Authenticate: Bearer)', ...problem },
  404: { description: 'No such case for this client: another tenant\'s, or of an office the client has no access to', ...problem },
} as const;
export const writeProblems = { ...problems, 403: { description: 'The client may only read', ...problem } } as const;

export const caseParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: uuid, description: 'The case id' } },
} as const;

export const fileParams = {
  type: 'object',
  required: ['id', 'fileId'],
  properties: { id: { type: 'string', pattern: uuid, description: 'The case id' }, fileId: { type: 'string', pattern: uuid, description: 'The file id (from the case detail)' } },
} as const;

export const listQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: [...caseStatuses], description: 'Only cases in this status' },
    service: { type: 'string', pattern: '^(\\d{14}|L[0-9a-f]{13})$', description: 'Service key (LeiKa)' },
    office: { type: 'string', pattern: uuid, description: 'Only cases of this office' },
    assignee: { type: 'string', pattern: `^(none|me|${uuid.slice(1, -1)})$`, description: 'A user id, `me` (the client) or `none` (unassigned)' },
    overdue: { type: 'boolean', description: 'Only open cases past their due date' },
    receivedFrom: { type: 'string', pattern: isoDay, description: 'Received on or after this day (YYYY-MM-DD, Europe/Berlin)' },
    receivedTo: { type: 'string', pattern: isoDay, description: 'Received on or before this day (YYYY-MM-DD, Europe/Berlin)' },
    q: { type: 'string', maxLength: 200, description: 'Search: applicant name, reference number or words of the answers' },
    sort: { type: 'string', enum: ['newest', 'oldest'], default: 'newest', description: 'By date received' },
    cursor: { type: 'string', maxLength: 200, description: 'The `next` value of the previous page' },
    limit: { type: 'integer', minimum: 1, maximum: 50, default: 50, description: 'Cases per page' },
  },
  additionalProperties: false,
} as const;

const caseSummary = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    reference: { type: 'string', description: 'Aktenzeichen' },
    formTitle: { type: 'string' },
    applicantName: { type: 'string' },
    status: { type: 'string' },
    officeId: { type: 'string', nullable: true },
    assigneeId: { type: 'string', nullable: true },
    receivedAt: { type: 'string', format: 'date-time' },
    dueAt: { type: 'string', format: 'date-time', nullable: true },
    url: { type: 'string', description: 'The case detail in this API' },
  },
} as const;

export const listResponse = {
  200: {
    type: 'object',
    properties: {
      items: { type: 'array', items: caseSummary },
      next: { type: 'string', nullable: true, description: 'Cursor of the next page; null on the last page' },
    },
  },
  ...problems,
} as const;

const named = { type: 'object', nullable: true, properties: { id: { type: 'string' }, name: { type: 'string', nullable: true } } } as const;

export const detailResponse = {
  200: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      reference: { type: 'string' },
      status: { type: 'string' },
      step: { type: 'string', nullable: true, description: 'The work step of the service\'s status model while the case is examined or queried' },
      statusModelVersion: { type: 'integer', nullable: true, description: 'The version of the status model the case follows (null: the default model)' },
      transitions: {
        type: 'array',
        description: 'The moves the status model allows now: POST one of them to /status',
        items: { type: 'object', properties: { status: { type: 'string' }, step: { type: 'string', nullable: true } } },
      },
      formTitle: { type: 'string' },
      serviceKey: { type: 'string', nullable: true },
      office: named,
      assignee: named,
      receivedAt: { type: 'string', format: 'date-time' },
      dueAt: { type: 'string', format: 'date-time', nullable: true },
      closedAt: { type: 'string', format: 'date-time', nullable: true },
      applicant: {
        type: 'object',
        properties: { name: { type: 'string' }, email: { type: 'string', nullable: true }, userId: { type: 'string', nullable: true, description: 'Portal account, if the applicant was signed in' } },
      },
      answers: { type: 'object', additionalProperties: true, description: 'The answers as submitted, by field id of the form' },
      files: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            fieldId: { type: 'string' },
            name: { type: 'string' },
            mediaType: { type: 'string' },
            size: { type: 'integer' },
            sha256: { type: 'string' },
            url: { type: 'string', description: 'Download (same bearer token)' },
          },
        },
      },
      timeline: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            seq: { type: 'integer' },
            occurredAt: { type: 'string', format: 'date-time' },
            actorName: { type: 'string', nullable: true },
            kind: { type: 'string', description: 'received, status_changed, assigned, note, message_sent, …' },
            visibleToApplicant: { type: 'boolean' },
            data: { type: 'object', additionalProperties: true },
          },
        },
      },
    },
  },
  ...problems,
} as const;

/** What a write answers: the case's state after it. */
export const stateResponse = {
  200: {
    type: 'object',
    properties: { id: { type: 'string' }, reference: { type: 'string' }, status: { type: 'string' }, step: { type: 'string', nullable: true }, assigneeId: { type: 'string', nullable: true } },
  },
  ...writeProblems,
} as const;

export const statusBody = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', minLength: 1, maxLength: 100, description: `The new status (${caseStatuses.join(', ')}); only the allowed transitions` },
    step: { type: 'string', minLength: 1, maxLength: 40, description: 'With status in_pruefung: the work step to move to (see transitions of the case); without it, the next step' },
  },
} as const;

export const noteBody = {
  type: 'object',
  required: ['text'],
  properties: { text: { type: 'string', minLength: 1, maxLength: 5000, description: 'An internal note (never shown to the applicant)' } },
} as const;

export const assigneeBody = {
  type: 'object',
  required: ['assigneeId'],
  properties: { assigneeId: { type: 'string', nullable: true, maxLength: 36, description: 'A user id of an administrator or caseworker of the tenant, or null to unassign' } },
} as const;
