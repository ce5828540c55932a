import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config/load.ts';
import { type GhlSandbox, type GhlSandboxOptions, startGhlSandbox } from '../../src/sandbox/ghl/index.ts';
import { buildServer } from '../../src/server/app.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createRuntime, type Runtime } from '../../src/server/runtime.ts';
import type { Connection } from '../../src/store/connections.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are inspected field by field.
export type Json = any;

export interface WebhookBridge {
  sandbox: GhlSandbox;
  runtime: Runtime;
  app: FastifyInstance;
  url: string;
  webhookUrl: string;
  dataDir: string;
  /** PIT connection to the sandbox's default location. */
  connection: Connection;
  locationId: string;
  /** A key the bridge trusts beside the sandbox's, to sign bodies the sandbox would never send. */
  trustedKey: KeyObject;
  post(body: string | Buffer, headers?: Record<string, string>): Promise<{ status: number; body: Json }>;
  /** `x-ghl-signature` for a body, with the trusted test key (or another one). */
  signed(body: string | Buffer, key?: KeyObject): Record<string, string>;
  /** Calls the sandbox's GHL API with the location's Private Integration Token. */
  api(method: string, path: string, body?: unknown): Promise<Json>;
  inboxCount(): Promise<number>;
  close(): Promise<void>;
}

/**
 * A bridge on a temp SQLite file (real HTTP on 127.0.0.1) trusting the GHL sandbox's webhook keys
 * and one test key, a PIT connection to the sandbox's default location, and the sandbox's
 * webhooks aimed at the bridge's `POST /webhooks/ghl`.
 */
export async function webhookBridge(
  options: { env?: Record<string, string>; sandbox?: GhlSandboxOptions } = {},
): Promise<WebhookBridge> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ghl-bridge-webhooks-'));
  const sandbox = await startGhlSandbox({ port: 0, webhookRetryIntervalMs: 200, ...options.sandbox });
  const trusted = generateKeyPairSync('ed25519');
  const trustedPem = trusted.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const sandboxKeys = sandbox.admin.publicKeys();
  const config = loadConfig({
    env: {
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${join(dataDir, 'bridge.db')}`,
      BRIDGE_SECRET: 'webhook-test-secret-0123456789',
      BRIDGE_ADMIN_TOKEN: 'webhook-test-admin-token-0123456789',
      LOG_LEVEL: 'silent',
      GHL_WEBHOOK_PUBLIC_KEY: `${sandboxKeys.ed25519}\n${trustedPem}`,
      GHL_WEBHOOK_RSA_PUBLIC_KEY: sandboxKeys.rsa,
      RECONCILE_INTERVAL_SECONDS: '0',
      ...options.env,
    },
  });
  const runtime = await createRuntime(config, createLogger('silent'), { queuePollMs: 50 });
  const app = await buildServer(runtime);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const webhookUrl = `${url}/webhooks/ghl`;
  const location = sandbox.defaultLocation;
  const connection = await runtime.repos.connections.create({
    name: 'ghl-main',
    connector: 'ghl',
    authType: 'private_token',
    scopes: location.scopes,
    meta: { locationId: location.locationId, baseUrl: sandbox.url },
  });
  await runtime.repos.secrets.put(connection.id, 'access_token', location.privateIntegrationToken);
  sandbox.webhooks.setTarget(webhookUrl);

  return {
    sandbox,
    runtime,
    app,
    url,
    webhookUrl,
    dataDir,
    connection,
    locationId: location.locationId,
    trustedKey: trusted.privateKey,
    async post(body, headers = {}) {
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : new Uint8Array(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    signed(body, key = trusted.privateKey) {
      return { 'x-ghl-signature': sign(null, Buffer.from(body), key).toString('base64') };
    },
    async api(method, path, body) {
      const response = await fetch(`${sandbox.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${location.privateIntegrationToken}`,
          version: '2021-07-28',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
    inboxCount: () => runtime.repos.inbox.count('ghl'),
    async close() {
      await app.close();
      await sandbox.close();
      await runtime.close({ timeoutMs: 500 }).catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
