import type { ValidateFunction } from 'ajv';
import {
  type JsonSchema,
  loadOpenApiDocument,
  type OpenApiDocument,
  OpenApiValidators,
  responseSchema,
} from '../common/openapi-validation.ts';

/**
 * Gleap's OpenAPI description (`spec/gleap-openapi.yml`, "Gleap API" v14.0.0) compiled into
 * the validators the sandbox and its tests use. Loaded once per process.
 */
export const GLEAP_SPEC_URL = new URL('./spec/gleap-openapi.yml', import.meta.url);

export interface GleapSchemas {
  document: OpenApiDocument;
  createSession: ValidateFunction;
  /** `PUT /sessions/{id}` declares `{}`; the sandbox checks the types of SessionDto's known fields. */
  updateSession: ValidateFunction;
  createTicket: ValidateFunction;
  updateTicket: ValidateFunction;
  composeTicket: ValidateFunction;
  createMessage: ValidateFunction;
  updateMessage: ValidateFunction;
  webhook: ValidateFunction;
  /** Compiles the declared 200/204 response schema of an operation (for tests). */
  response(path: string, method: string, status?: string): ValidateFunction;
  /** Compiles a component schema by name (for tests). */
  component(name: string): ValidateFunction;
  /**
   * A stored ticket or message as reads answer it, derived from the create DTO (for tests):
   * the DTO's field types, any extra field, and references that may come back populated.
   */
  storedDocument(dto: 'CreateTicketDto' | 'CreateMessageDto'): ValidateFunction;
}

let cached: GleapSchemas | undefined;

export function gleapSchemas(): GleapSchemas {
  if (cached) return cached;
  const document = loadOpenApiDocument(GLEAP_SPEC_URL);
  const validators = new OpenApiValidators('gleap', document, serializeObjectIds);
  const sessionDto = (document.components?.schemas?.['SessionDto'] ?? {}) as JsonSchema;
  const responses = new Map<string, ValidateFunction>();
  const response = (path: string, method: string, status = '200') => {
    const key = `${method} ${path} ${status}`;
    let validate = responses.get(key);
    if (!validate) {
      validate = validators.inline(responseSchema(document, path, method, status));
      responses.set(key, validate);
    }
    return validate;
  };
  cached = {
    document,
    createSession: validators.component('SessionDto'),
    updateSession: validators.inline({ ...sessionDto, additionalProperties: true }),
    createTicket: validators.component('CreateTicketDto'),
    updateTicket: validators.component('UpdateTicketDto'),
    composeTicket: validators.component('CreateTicketWithMessageDto'),
    createMessage: validators.component('CreateMessageDto'),
    updateMessage: validators.component('UpdateMessageDto'),
    webhook: validators.component('WebhookDto'),
    response,
    component: (name) => validators.component(name),
    storedDocument: (dto) => {
      const cachedValidator = responses.get(dto);
      if (cachedValidator) return cachedValidator;
      const schema = structuredClone(document.components?.schemas?.[dto] ?? {}) as JsonSchema;
      const properties = (schema['properties'] ?? {}) as Record<string, unknown>;
      for (const reference of ['session', 'processingUser', 'latestComment', 'user']) {
        if (reference in properties) properties[reference] = {};
      }
      const validate = validators.inline({ ...schema, additionalProperties: true });
      responses.set(dto, validate);
      return validate;
    },
  };
  return cached;
}

/**
 * The description was generated from TypeScript types, so a MongoDB ObjectId appears as the
 * ObjectId class (`{ isValid, createFromHexString, ... }`). On the wire an ObjectId is a
 * 24-hex string, so those class shapes are read as strings. This is the only rewrite.
 */
export function serializeObjectIds(schema: JsonSchema): JsonSchema {
  return rewrite(schema) as JsonSchema;
}

function rewrite(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewrite);
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const properties = record['properties'] as Record<string, unknown> | undefined;
  if (properties && 'isValid' in properties && 'createFromHexString' in properties) return { type: 'string' };
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(record)) out[key] = rewrite(child);
  return out;
}
