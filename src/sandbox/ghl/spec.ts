import { readFileSync } from 'node:fs';

/**
 * The official HighLevel specs, loaded once per process. `$id`s are given so that the
 * contacts spec's `../common/common-schemas.json` refs resolve to the common schemas.
 */
export type JsonObject = Record<string, unknown>;

export const SPEC_BASE = 'https://sandbox.ghl-bridge.local/apps/';
export const CONTACTS_SPEC_ID = `${SPEC_BASE}contacts.json`;
export const OAUTH_SPEC_ID = `${SPEC_BASE}oauth.json`;
export const COMMON_SPEC_ID = 'https://sandbox.ghl-bridge.local/common/common-schemas.json';

function load(file: string): JsonObject {
  return JSON.parse(readFileSync(new URL(`./spec/${file}`, import.meta.url), 'utf8')) as JsonObject;
}

let cache: { contacts: JsonObject; common: JsonObject; oauth: JsonObject } | undefined;

/** Fresh parsed copies are cached; callers that patch must clone (see `validation.ts`). */
export function specs() {
  cache ??= {
    contacts: load('contacts.json'),
    common: load('common-schemas.json'),
    oauth: load('oauth.json'),
  };
  return cache;
}

export interface SpecOperation {
  method: string;
  path: string;
  operationId: string;
  operation: JsonObject;
}

/** Every operation of a spec, in file order. */
export function operationsOf(spec: JsonObject): SpecOperation[] {
  const out: SpecOperation[] = [];
  for (const [path, item] of Object.entries(spec.paths as Record<string, Record<string, JsonObject>>)) {
    for (const [method, operation] of Object.entries(item)) {
      out.push({ method: method.toUpperCase(), path, operationId: String(operation.operationId), operation });
    }
  }
  return out;
}
