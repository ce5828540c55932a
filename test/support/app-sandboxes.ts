import type { ValidateFunction } from 'ajv';
import { expect } from 'vitest';
import type { GleantapCredentials } from '../../src/sandbox/gleantap/index.ts';
import type { GleapCredentials } from '../../src/sandbox/gleap/index.ts';

/** Plain HTTP callers for the Gleap and Gleantap sandboxes, as a client would call the real APIs. */

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

// biome-ignore lint/suspicious/noExplicitAny: test answers are inspected field by field.
export type Json = any;

async function answer(response: Response): Promise<Answer<Json>> {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export function gleapCaller(baseUrl: string, credentials: GleapCredentials) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${credentials.apiKey}`,
        project: credentials.projectId,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return answer(response);
  };
}

export function gleantapCaller(baseUrl: string, credentials: GleantapCredentials) {
  return async (method: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    // sendSmsNotification takes app_id in its path (`sendSmsNotification/<app_id>`), the others in the body.
    const appIdInPath = method.startsWith('sendSmsNotification');
    const response = await fetch(`${baseUrl}/v2/ExternalApi/${method}`, {
      method: 'POST',
      headers: {
        'x-api-key': credentials.apiKey,
        'x-secret-key': credentials.secretKey,
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify(appIdInPath ? body : { app_id: credentials.appId, ...body }),
    });
    return answer(response);
  };
}

export async function adminCall(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer<Json>> {
  const response = await fetch(`${baseUrl}/_sandbox${path}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });
  return answer(response);
}

/** Asserts that `value` fits a schema from the API description, showing ajv's errors when not. */
export function expectSchema(validate: ValidateFunction, value: unknown): void {
  const valid = validate(value);
  expect(valid ? [] : validate.errors).toEqual([]);
}
