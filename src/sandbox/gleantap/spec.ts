import type { ValidateFunction } from 'ajv';
import {
  type JsonSchema,
  loadOpenApiDocument,
  type OpenApiDocument,
  OpenApiValidators,
  requestBodySchema,
  responseSchema,
} from '../common/openapi-validation.ts';

/**
 * The Gleantap External API description (`spec/gleantap-external-api.json`) compiled into
 * request validators, with the corrections its own `x-doc-notes` call for (listed in
 * docs/sandbox-apps.md): where a page's example contradicts its schema, both are accepted.
 */
export const GLEANTAP_SPEC_URL = new URL('./spec/gleantap-external-api.json', import.meta.url);

export const GLEANTAP_OPERATIONS = {
  getCustomers: '/v2/ExternalApi/getCustomers',
  getOptinCustomers: '/v2/ExternalApi/getOptinCustomers',
  getOptoutCustomers: '/v2/ExternalApi/getOptoutCustomers',
  newContact: '/v2/ExternalApi/newContact',
  optin: '/v2/ExternalApi/optin',
  newEvent: '/v2/ExternalApi/newEvent',
  removeContact: '/v2/ExternalApi/removeContact',
  mergeContacts: '/v2/ExternalApi/mergeContacts',
  sendSmsNotification: '/v2/ExternalApi/sendSmsNotification/{app_id}',
} as const;

export type GleantapOperation = keyof typeof GLEANTAP_OPERATIONS;

/** Corrections of the description's inner contradictions, by operation and property. */
const PATCHES: Partial<Record<GleantapOperation, Record<string, JsonSchema>>> = {
  newEvent: {
    // Typed "array of objects" but the page's example is one object.
    event_data: { anyOf: [{ type: 'array', items: { type: 'object' } }, { type: 'object' }] },
    // Described as "HH:MM AM/PM" (format: time) but the page's sample sends 04:31:54.
    event_time: {
      type: 'string',
      pattern: '^((0?[1-9]|1[0-2]):[0-5]\\d ?([AaPp][Mm])|([01]?\\d|2[0-3]):[0-5]\\d(:[0-5]\\d)?)$',
    },
  },
  newContact: {
    // Typed date-time but described as "YYYY-MM-DD HH:MM:SS".
    created_date: {
      type: 'string',
      anyOf: [{ format: 'date-time' }, { pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$' }],
    },
    // Described as "add or remove".
    tag_action: { type: 'string', enum: ['add', 'remove'] },
  },
};

export interface GleantapSchemas {
  document: OpenApiDocument;
  request: Record<GleantapOperation, ValidateFunction>;
  /** The declared 200 response schema of an operation (for tests). */
  response(operation: GleantapOperation): ValidateFunction;
}

let cached: GleantapSchemas | undefined;

export function gleantapSchemas(): GleantapSchemas {
  if (cached) return cached;
  const document = loadOpenApiDocument(GLEANTAP_SPEC_URL);
  const validators = new OpenApiValidators('gleantap', document);
  const request = {} as Record<GleantapOperation, ValidateFunction>;
  for (const [operation, path] of Object.entries(GLEANTAP_OPERATIONS) as [GleantapOperation, string][]) {
    const schema = structuredClone(requestBodySchema(document, path, 'post')) as JsonSchema;
    const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
    for (const [name, patch] of Object.entries(PATCHES[operation] ?? {})) {
      properties[name] = {
        ...patch,
        ...(properties[name]?.['description'] ? { description: properties[name]['description'] } : {}),
      };
    }
    request[operation] = validators.inline(schema);
  }
  cached = {
    document,
    request,
    response: (operation) =>
      validators.inline(responseSchema(document, GLEANTAP_OPERATIONS[operation], 'post')),
  };
  return cached;
}
