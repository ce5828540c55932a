import { z } from 'zod';
import { issuesFromZod, ValidationError } from '../../kernel/errors.ts';

/**
 * The shapes the API reads and answers, once, in zod: requests are parsed with them (so a
 * refusal names its path) and the OpenAPI document is generated from them.
 */
const isoTime = z.string().describe('ISO 8601 time');
const jsonObject = z.record(z.string(), z.unknown());

export const idParams = z.object({ id: z.string().min(1).describe('Id, or the name where names exist') });
export const keyParams = z.object({
  key: z.string().min(1).describe('`connector.key`, e.g. ghl.create-contact'),
});

export const errorBody = z.object({
  error: z.string().describe('Error class, e.g. ValidationError'),
  code: z.string().describe('validation, not_found, auth, conflict, request, internal, ...'),
  message: z.string().describe('What was wrong and what to do'),
  issues: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .describe('For refused input: every problem with its path'),
});

export const connectionView = z.object({
  id: z.string(),
  name: z.string(),
  connector: z.string(),
  status: z.enum(['active', 'needs_reauth', 'disabled']),
  authType: z.string(),
  scopes: z.array(z.string()),
  meta: jsonObject.describe('Non-secret details, e.g. locationId, baseUrl'),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const flowView = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  version: z.number().int().describe('Raised by one on every save'),
  recipe: z.string().nullable().describe('The ready-made recipe it came from, if any'),
  definition: jsonObject.describe('The flow document'),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const exportQuery = z.object({ format: z.enum(['json', 'yaml']).default('json') });

export const testRequest = z.object({
  sample: z.unknown().optional().describe("Trigger payload to run on; the trigger's own sample when absent"),
  mode: z
    .enum(['dry-run', 'live'])
    .default('dry-run')
    .describe('dry-run sends reads only and shows the writes it would send; live sends everything'),
});

export const documentTestRequest = testRequest.extend({
  flow: z.union([jsonObject, z.string()]).describe('A flow document, or its JSON/YAML text'),
});

export const testResult = z.object({
  mode: z.enum(['dry-run', 'live']),
  filterPassed: z.boolean(),
  steps: z.array(
    z.object({
      key: z.string(),
      action: z.string(),
      status: z.enum(['would-run', 'succeeded', 'skipped', 'failed']),
      input: z.unknown().optional(),
      requests: z.array(
        z.object({
          method: z.string(),
          path: z.string(),
          query: z.unknown().optional(),
          body: z.unknown().optional(),
        }),
      ),
      output: z.unknown().optional(),
      error: z.string().optional(),
    }),
  ),
});

const runStatus = z.enum(['running', 'succeeded', 'failed', 'skipped']);

export const runsQuery = z.object({
  flow: z.string().min(1).optional().describe('Flow id or name'),
  status: runStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const runSummary = z.object({
  id: z.string(),
  flowId: z.string(),
  flowName: z.string().nullable(),
  eventId: z.string(),
  status: runStatus,
  startedAt: isoTime,
  finishedAt: isoTime.nullable(),
  error: z.string().nullable(),
  failedStep: z.number().int().nullable().describe('Index of the step it failed at'),
});

export const runStepView = z.object({
  stepIndex: z.number().int(),
  stepKey: z.string(),
  action: z.string(),
  status: z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped']),
  attempts: z.number().int(),
  input: z.unknown(),
  output: z.unknown(),
  error: z.string().nullable(),
  requests: z.unknown(),
  startedAt: isoTime.nullable(),
  durationMs: z.number().nullable(),
});

export const runDetail = runSummary.extend({
  triggerPayload: z.unknown(),
  definition: jsonObject.nullable().describe('The flow document the run started with'),
  steps: z.array(runStepView),
});

export const deadLettersQuery = z.object({
  kind: z.string().min(1).optional().describe('Job kind, e.g. flow.step'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const deadLetterView = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z.string().nullable(),
  runAt: isoTime,
  payload: z.unknown(),
});

export const catalogEntryView = z.object({
  key: z.string(),
  kind: z.enum(['action', 'trigger']),
  connector: z.string(),
  title: z.string(),
  description: z.string(),
  scopes: z.array(z.string()),
  triggerKind: z.enum(['webhook', 'poll']).optional(),
  events: z.array(z.string()).optional(),
  idempotent: z.boolean().optional(),
  input: jsonObject.optional().describe('JSON schema of the input'),
  output: jsonObject.describe('JSON schema of the output'),
  fields: z.array(jsonObject).optional().describe('Form fields derived from the input schema'),
  sample: z.unknown().optional(),
});

export const catalogView = z.object({
  connectors: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      description: z.string(),
      actions: z.number().int(),
      triggers: z.number().int(),
    }),
  ),
  entries: z.array(catalogEntryView),
});

/** JSON schema (OpenAPI 3.0 dialect) of a zod schema, for route documentation. */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}

/** Parses part of a request; a refusal names each problem as `query.limit`, `body.mode`, ... */
export function parseRequest<T extends z.ZodType>(
  schema: T,
  data: unknown,
  where: 'query' | 'body' | 'params',
): z.output<T> {
  const parsed = schema.safeParse(data ?? {});
  if (!parsed.success)
    throw new ValidationError(`request ${where}`, issuesFromZod(parsed.error.issues, where));
  return parsed.data;
}
