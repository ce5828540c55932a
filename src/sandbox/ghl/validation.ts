import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { unprocessable } from './errors.ts';
import {
  COMMON_SPEC_ID,
  CONTACTS_SPEC_ID,
  type JsonObject,
  OAUTH_SPEC_ID,
  operationsOf,
  specs,
} from './spec.ts';

/**
 * Request validation compiled once from the official contacts and OAuth specs, with the few spec
 * mistakes corrected (each listed in docs/sandbox.md, "Spec corrections"):
 * - request DTOs refuse unknown properties, as HighLevel's class-validator whitelist does
 *   ("property X should not exist");
 * - `dateOfBirth` is typed `object` but documented (and sent) as a date string;
 * - custom field items accept `id` or `key` (the spec's anyOf members all require `id`) and
 *   any value type (numeric fields are typed `object`);
 * - the search body (`SearchBodyV2DTO`, empty in the spec) follows the documented shape;
 * - `limit` of `GET /contacts/` is capped at 100 as its description says.
 */

const customFieldItem = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    key: { type: 'string' },
    field_value: {},
    fieldValue: {},
    value: {},
  },
  anyOf: [{ required: ['id'] }, { required: ['key'] }],
};

const searchFilter = {
  type: 'object',
  properties: {
    field: { type: 'string' },
    operator: { enum: ['eq', 'not_eq', 'contains', 'not_contains', 'exists', 'not_exists', 'range'] },
    value: {},
    group: { enum: ['AND', 'OR', 'and', 'or'] },
    filters: { type: 'array', items: { $ref: '#/components/schemas/SearchFilter' } },
  },
  anyOf: [{ required: ['field', 'operator'] }, { required: ['group', 'filters'] }],
};

const searchBody = {
  type: 'object',
  additionalProperties: false,
  required: ['locationId', 'pageLimit'],
  properties: {
    locationId: { type: 'string' },
    page: { type: 'integer', minimum: 1 },
    pageLimit: { type: 'integer', minimum: 1, maximum: 500 },
    searchAfter: { type: 'array', items: { type: ['string', 'number', 'null'] } },
    filters: { type: 'array', items: { $ref: '#/components/schemas/SearchFilter' } },
    sort: {
      type: 'array',
      maxItems: 2,
      items: {
        type: 'object',
        required: ['field', 'direction'],
        additionalProperties: false,
        properties: { field: { type: 'string' }, direction: { enum: ['asc', 'desc'] } },
      },
    },
    query: { type: 'string', maxLength: 75 },
  },
};

function patchedContactsSpec(): JsonObject {
  const spec = structuredClone(specs().contacts) as JsonObject & {
    components: { schemas: Record<string, JsonObject & { properties?: Record<string, JsonObject> }> };
  };
  const schemas = spec.components.schemas;
  for (const name of ['CreateContactDto', 'UpdateContactDto', 'UpsertContactDto']) {
    const properties = schemas[name]!.properties!;
    properties.dateOfBirth = { type: 'string', nullable: true };
    properties.customFields = { type: 'array', items: customFieldItem };
  }
  schemas.SearchFilter = searchFilter;
  schemas.SearchBodyV2DTO = searchBody;
  for (const { operation } of operationsOf(spec)) {
    const ref = requestBodyRef(operation);
    if (ref) schemas[ref]!.additionalProperties = false;
  }
  return spec;
}

function requestBodyRef(operation: JsonObject): string | undefined {
  const body = operation.requestBody as
    | { content?: Record<string, { schema?: { $ref?: string } }> }
    | undefined;
  const content = body?.content?.['application/json'] ?? body?.content?.['application/x-www-form-urlencoded'];
  return content?.schema?.$ref?.split('/').pop();
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonObject;
}

function querySchema(operation: JsonObject): JsonObject | undefined {
  const params = ((operation.parameters ?? []) as Parameter[]).filter((p) => p.in === 'query');
  if (params.length === 0) return undefined;
  const properties: Record<string, JsonObject> = {};
  for (const param of params) {
    const { example: _example, default: _default, ...schema } = param.schema ?? {};
    properties[param.name] = schema;
  }
  if (operation.operationId === 'get-contacts' && properties.limit) {
    properties.limit = { ...properties.limit, minimum: 1, maximum: 100 };
  }
  return { type: 'object', properties, required: params.filter((p) => p.required).map((p) => p.name) };
}

export interface Validators {
  /** The validated body (an empty object when none was sent); throws a 422 GhlError. */
  body<T = Record<string, unknown>>(operationId: string, body: unknown): T;
  /** The validated and type-coerced query; throws a 422 GhlError. */
  query<T = Record<string, unknown>>(operationId: string, query: unknown): T;
}

let compiled: Validators | undefined;

/** Compiles every validator once per process. */
export function validators(): Validators {
  compiled ??= compile();
  return compiled;
}

function compile(): Validators {
  const bodyAjv = new Ajv({ allErrors: true, strict: false });
  const queryAjv = new Ajv({ allErrors: true, strict: false, coerceTypes: true });
  const contacts = patchedContactsSpec();
  const oauth = specs().oauth;
  for (const ajv of [bodyAjv, queryAjv]) {
    ajv.addSchema({ ...specs().common, $id: COMMON_SPEC_ID });
    ajv.addSchema({ ...contacts, $id: CONTACTS_SPEC_ID });
    ajv.addSchema({ ...oauth, $id: OAUTH_SPEC_ID });
  }
  const bodies = new Map<string, ValidateFunction>();
  const queries = new Map<string, ValidateFunction>();
  for (const [id, spec] of [
    [CONTACTS_SPEC_ID, contacts],
    [OAUTH_SPEC_ID, oauth],
  ] as const) {
    for (const { operationId, operation } of operationsOf(spec)) {
      const ref = requestBodyRef(operation);
      if (ref) bodies.set(operationId, bodyAjv.compile({ $ref: `${id}#/components/schemas/${ref}` }));
      const query = querySchema(operation);
      if (query) queries.set(operationId, queryAjv.compile(query));
    }
  }
  return {
    body<T>(operationId: string, body: unknown): T {
      const validate = bodies.get(operationId);
      const value = body ?? {};
      if (validate && !validate(value)) throw unprocessable(messagesOf(validate.errors ?? []));
      return value as T;
    },
    query<T>(operationId: string, query: unknown): T {
      const validate = queries.get(operationId);
      const value = { ...(query as object) };
      if (validate && !validate(value)) throw unprocessable(messagesOf(validate.errors ?? []));
      return value as T;
    },
  };
}

/** class-validator style messages, as HighLevel's 422 answers carry them. */
export function messagesOf(errors: ErrorObject[]): string[] {
  const messages = new Set<string>();
  for (const error of errors) {
    const path = error.instancePath.slice(1).replaceAll('/', '.');
    const params = error.params as Record<string, unknown>;
    const at = (name: string) => (path ? `${path}.${name}` : name);
    switch (error.keyword) {
      case 'additionalProperties':
        messages.add(`property ${at(String(params.additionalProperty))} should not exist`);
        break;
      case 'required':
        messages.add(`${at(String(params.missingProperty))} should not be empty`);
        break;
      case 'type':
        messages.add(`${path} must be ${typeWords(String(params.type))}`);
        break;
      case 'enum':
        messages.add(
          `${path} must be one of the following values: ${(params.allowedValues as unknown[]).join(', ')}`,
        );
        break;
      case 'maximum':
        messages.add(`${path} must not be greater than ${params.limit}`);
        break;
      case 'minimum':
      case 'exclusiveMinimum':
        messages.add(`${path} must not be less than ${params.limit}`);
        break;
      case 'maxLength':
        messages.add(`${path} must be shorter than or equal to ${params.limit} characters`);
        break;
      case 'maxItems':
        messages.add(`${path} must contain no more than ${params.limit} elements`);
        break;
      case 'anyOf':
        break; // the branch errors already say what is wrong
      default:
        messages.add(`${path || 'body'} ${error.message ?? 'is invalid'}`);
    }
  }
  if (messages.size === 0) messages.add('Unprocessable Entity');
  return [...messages];
}

function typeWords(type: string): string {
  if (type.includes('string')) return 'a string';
  if (type.includes('boolean')) return 'a boolean value';
  if (type.includes('integer') || type.includes('number'))
    return 'a number conforming to the specified constraints';
  if (type.includes('array')) return 'an array';
  if (type.includes('object')) return 'an object';
  return `of type ${type}`;
}
