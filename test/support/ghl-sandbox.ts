import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { type GhlSandbox, type GhlSandboxOptions, startGhlSandbox } from '../../src/sandbox/ghl/index.ts';

/**
 * Helpers for GHL sandbox tests: plain HTTP calls as a client would make them, and response
 * validation against the *unmodified* official specs (the sandbox's own copies are verbatim;
 * `../common/common-schemas.json` refs resolve to the common schemas).
 */

// biome-ignore lint/suspicious/noExplicitAny: test answers are inspected field by field.
export type Json = any;

export interface Answer {
  status: number;
  body: Json;
  headers: Headers;
}

export const VERSION = '2021-07-28';

export async function startSandbox(options: GhlSandboxOptions = {}): Promise<GhlSandbox> {
  return startGhlSandbox({ limits: { max: 100_000, dailyMax: 10_000_000 }, ...options });
}

export function caller(baseUrl: string, token?: string) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string | undefined> = {},
  ): Promise<Answer> => {
    const all: Record<string, string> = {};
    for (const [key, value] of Object.entries({
      ...(token && { authorization: `Bearer ${token}` }),
      version: VERSION,
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    })) {
      if (value !== undefined) all[key] = value;
    }
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: all,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
}

export async function admin(baseUrl: string, method: string, path: string, body?: unknown): Promise<Answer> {
  return caller(baseUrl)(method, `/_sandbox${path}`, body, { version: undefined });
}

export async function formPost(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    headers: response.headers,
  } as Answer;
}

const SPEC_DIR = new URL('../../src/sandbox/ghl/spec/', import.meta.url);
const BASE = 'https://spec.test/apps/';
const COMMON = 'https://spec.test/common/common-schemas.json';
const read = (file: string) => JSON.parse(readFileSync(new URL(file, SPEC_DIR), 'utf8'));

export const contactsSpec = read('contacts.json');
export const searchSpec = read('contacts.2025-09-08.json');
export const oauthSpec = read('oauth.json');

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema({ ...read('common-schemas.json'), $id: COMMON });
ajv.addSchema({ ...contactsSpec, $id: `${BASE}contacts.json` });
ajv.addSchema({ ...searchSpec, $id: `${BASE}contacts.2025-09-08.json` });
ajv.addSchema({ ...oauthSpec, $id: `${BASE}oauth.json` });

const cache = new Map<string, ValidateFunction>();

/** The validator of a `$ref` as written in a spec file (local or `../common/...`). */
export function schemaFor(file: 'contacts.json' | 'contacts.2025-09-08.json' | 'oauth.json', ref: string) {
  const id = ref.startsWith('../common/')
    ? `${COMMON}${ref.slice(ref.indexOf('#'))}`
    : `${BASE}${file}${ref}`;
  let validate = cache.get(id);
  if (!validate) {
    validate = ajv.compile({ $ref: id });
    cache.set(id, validate);
  }
  return validate;
}

/** The `$ref` a spec operation declares for a status, or undefined when it declares no schema. */
export function responseRef(spec: Json, method: string, path: string, status: number): string | undefined {
  const operation = spec.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`No operation ${method} ${path} in the spec`);
  const response = operation.responses[String(status)];
  if (!response) throw new Error(`${method} ${path} declares no ${status} response`);
  return response.content?.['application/json']?.schema?.$ref;
}

/** ajv errors of a value against a response schema (empty when valid). */
export function schemaErrors(validate: ValidateFunction, value: unknown): ErrorObject[] {
  return validate(value) ? [] : (validate.errors ?? []);
}

export function operationCount(spec: Json): number {
  return Object.values(spec.paths as Record<string, object>).reduce(
    (n, item) => n + Object.keys(item).length,
    0,
  );
}
