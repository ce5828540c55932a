import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config/load.ts';
import { runAction } from '../../src/connectors/run-action.ts';
import { type GhlSandbox, startGhlSandbox } from '../../src/sandbox/ghl/index.ts';
import { buildServer } from '../../src/server/app.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createRuntime, type Runtime } from '../../src/server/runtime.ts';
import type { Connection } from '../../src/store/connections.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are inspected field by field.
export type Json = any;

export interface Answer {
  status: number;
  body: Json;
  text: string;
  headers: Headers;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as is, with `contentType`. */
  text?: string;
  contentType?: string;
  /** Overrides the admin token; null sends no Authorization header. */
  token?: string | null;
}

export interface ApiHarness {
  url: string;
  token: string;
  dataDir: string;
  runtime: Runtime;
  sandbox: GhlSandbox;
  /** A Private Integration Token connection named `ghl-test` to the sandbox's default location. */
  connection: Connection;
  locationId: string;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  /** Runs `ghl.<action>` on the sandbox connection through the bridge's own services. */
  ghl<T = Json>(action: string, input: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * A bridge (temp SQLite, real HTTP on 127.0.0.1) with a connection to a GHL sandbox.
 * `adminToken: null` leaves BRIDGE_ADMIN_TOKEN unset, so the bridge generates one.
 */
export async function apiHarness(
  options: { adminToken?: string | null; dataDir?: string } = {},
): Promise<ApiHarness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ghl-bridge-api-'));
  const adminToken =
    options.adminToken === undefined ? randomBytes(24).toString('base64url') : options.adminToken;
  const sandbox = await startGhlSandbox({ port: 0 });
  const config = loadConfig({
    env: {
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${join(dataDir, 'bridge.db')}`,
      LOG_LEVEL: 'silent',
      ...(adminToken ? { BRIDGE_ADMIN_TOKEN: adminToken } : {}),
    },
  });
  const runtime = await createRuntime(config, createLogger('silent'), { queuePollMs: 20 });
  const location = sandbox.defaultLocation;
  const connection =
    (await runtime.repos.connections.find('ghl-test')) ??
    (await runtime.repos.connections.create({
      name: 'ghl-test',
      connector: 'ghl',
      authType: 'private_token',
      scopes: ['contacts.readonly', 'contacts.write'],
      meta: { locationId: location.locationId, baseUrl: sandbox.url },
    }));
  await runtime.repos.secrets.put(connection.id, 'access_token', location.privateIntegrationToken);
  const app: FastifyInstance = await buildServer(runtime);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const token = adminToken ?? '';

  return {
    url,
    token,
    dataDir,
    runtime,
    sandbox,
    connection,
    locationId: location.locationId,
    async call(method, path, call = {}) {
      const headers: Record<string, string> = {};
      const bearer = call.token === undefined ? token : call.token;
      if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
      let body: string | undefined;
      if (call.text !== undefined) {
        body = call.text;
        headers['content-type'] = call.contentType ?? 'application/yaml';
      } else if (call.body !== undefined) {
        body = JSON.stringify(call.body);
        headers['content-type'] = call.contentType ?? 'application/json';
      }
      const response = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const text = await response.text();
      let parsed: Json = text;
      if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
      return { status: response.status, body: parsed, text, headers: response.headers };
    },
    ghl: <T>(action: string, input: unknown) =>
      runAction(runtime.services, {
        action: `ghl.${action}`,
        connection: connection.name,
        input,
      }) as Promise<T>,
    async close() {
      await app.close();
      await runtime.close({ timeoutMs: 500 }).catch(() => {});
      await sandbox.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A flow that tags the contact of every `ContactCreate` on the sandbox connection. */
export function tagFlowYaml(name: string, tag = 'new'): string {
  return `name: ${name}
description: Tags every new contact
enabled: false
trigger:
  event: ghl.contact-created
  connection: ghl-test
filter: trigger.id != null
steps:
  - key: tag
    action: ghl.add-tags
    connection: ghl-test
    input:
      contactId: trigger.id
      tags: "['${tag}']"
    onError: stop
    maxAttempts: 1
`;
}
