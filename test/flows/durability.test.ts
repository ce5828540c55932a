import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { connectGleap } from '../../src/connectors/gleap/connect.ts';
import { type GhlSandbox, startGhlSandbox } from '../../src/sandbox/ghl/index.ts';
import { startGleapSandbox } from '../../src/sandbox/gleap/index.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createRuntime, type Runtime } from '../../src/server/runtime.ts';
import { type Engine, type TestDatabase, testDatabase, waitFor } from '../support/databases.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'ghl-bridge.js');
// SQLite is the embedded default; PostgreSQL (pg-boss) the scaled setup, with fewer events to keep CI short.
const CASES: Array<[Engine, number]> = [
  ['sqlite', Number(process.env.DURABILITY_EVENTS ?? 2000)],
  ['postgres', Number(process.env.DURABILITY_EVENTS_PG ?? 600)],
];

/**
 * The inbox's promise: a webhook answered 200 is processed, even when the worker dies.
 * A receiver process takes 2,000 signed GHL webhooks while the worker process is killed
 * with SIGKILL twice; every event must end in exactly one Gleap contact.
 */
describe.each(CASES)('durable event pipeline on %s', (engine, EVENTS) => {
  const dir = mkdtempSync(join(tmpdir(), 'ghl-bridge-durable-'));
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  let database: TestDatabase;
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR: dir,
    BRIDGE_SECRET: 'durability-test-secret-0123456789',
    BRIDGE_ADMIN_TOKEN: 'durability-admin-token-0123456789',
    GHL_WEBHOOK_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    LOG_LEVEL: 'warn',
    PORT: '0',
    QUEUE_LEASE_SECONDS: '2',
    WORKER_CONCURRENCY: '8',
    RECONCILE_INTERVAL_SECONDS: '3600',
  };
  let runtime: Runtime;
  let ghl: GhlSandbox;
  let gleap: Awaited<ReturnType<typeof startGleapSandbox>>;
  let projectId: string;
  const children: ChildProcess[] = [];

  function bridge(
    args: string[],
    extraEnv: Record<string, string> = {},
  ): { child: ChildProcess; output: () => string } {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    children.push(child);
    return { child, output: () => output };
  }

  beforeAll(async () => {
    database = await testDatabase(engine);
    env.DATABASE_URL = database.url;
    ghl = await startGhlSandbox({ port: 0 });
    gleap = await startGleapSandbox({
      port: 0,
      rateLimitHeaders: true,
      limits: { max: 100_000, intervalMs: 60_000 },
    });
    const project = gleap.admin.createProject({ name: 'Durability' });
    projectId = project.projectId;
    runtime = await createRuntime(loadConfig({ env }), createLogger('silent'));
    const ghlConnection = await runtime.repos.connections.create({
      name: 'ghl',
      connector: 'ghl',
      authType: 'private_token',
      scopes: ['contacts.readonly', 'contacts.write'],
      meta: { locationId: ghl.defaultLocation.locationId, baseUrl: ghl.url },
    });
    await runtime.repos.secrets.put(
      ghlConnection.id,
      'access_token',
      ghl.defaultLocation.privateIntegrationToken,
    );
    await connectGleap(runtime.services, {
      name: 'gleap',
      apiKey: project.apiKey,
      projectId,
      baseUrl: gleap.url,
    });
    await runtime.flows.save({
      name: 'GHL contact to Gleap',
      enabled: true,
      trigger: { event: 'ghl.contact-created', connection: 'ghl' },
      steps: [
        {
          key: 'contact',
          action: 'gleap.find-or-create-contact',
          connection: 'gleap',
          input: { email: 'trigger.email', name: 'trigger.name' },
        },
      ],
    });
  }, 60_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await runtime?.close({ timeoutMs: 500 });
    await ghl?.close();
    await gleap?.close();
    await database?.dispose();
  });

  it(`processes all ${EVENTS} acknowledged webhooks exactly once across two worker crashes`, async () => {
    const server = bridge(['start', '--no-workers'], { LOG_LEVEL: 'info' });
    const serverLog = server.output;
    const url = await waitFor(() => /"url":"(http:\/\/[^"]+)"/.exec(server.output())?.[1], 30_000);
    let worker = bridge(['worker']).child;

    const locationId = ghl.defaultLocation.locationId;
    let posted = 0;
    let acknowledged = 0;
    let retried429 = 0;
    const post = async (n: number) => {
      const body = JSON.stringify({
        type: 'ContactCreate',
        locationId,
        id: `contact-${n}`,
        email: `durable-${n}@example.com`,
        name: `Durable ${n}`,
        timestamp: new Date().toISOString(),
        webhookId: randomUUID(),
      });
      const signature = sign(null, Buffer.from(body), privateKey).toString('base64');
      // Like GHL: a 429 means "send it again later"; any other answer is final.
      for (let attempt = 1; ; attempt++) {
        const response = await fetch(`${url}/webhooks/ghl`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-ghl-signature': signature },
          body,
        });
        if (response.status === 429 && attempt < 20) {
          retried429++;
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
        posted++;
        if (response.status === 200 || (attempt > 1 && response.status === 409)) acknowledged++;
        else
          throw new Error(
            `webhook ${n} answered ${response.status}: ${await response.text()}\n${serverLog().slice(-3000)}`,
          );
        return;
      }
    };

    const sender = (async () => {
      for (let n = 0; n < EVENTS; n += 20) {
        await Promise.all(Array.from({ length: Math.min(20, EVENTS - n) }, (_, i) => post(n + i)));
      }
    })();

    const succeeded = () => runtime.repos.runs.count('succeeded');
    for (const threshold of [EVENTS * 0.2, EVENTS * 0.5]) {
      await waitFor(async () => (await succeeded()) >= threshold, 120_000, 100);
      worker.kill('SIGKILL');
      await new Promise((resolve) => worker.once('exit', resolve));
      worker = bridge(['worker']).child;
    }
    await sender;
    expect(acknowledged).toBe(EVENTS);
    process.stdout.write(`durability: ${EVENTS} webhooks, ${retried429} answered 429 and sent again\n`);
    expect(posted).toBe(EVENTS);

    await waitFor(async () => (await succeeded()) === EVENTS, 180_000, 250);
    expect(await runtime.repos.runs.count('failed')).toBe(0);
    expect(await runtime.repos.inbox.count('ghl')).toBe(EVENTS);

    const contacts = gleap.admin.contacts(projectId);
    const emails = contacts.map((c) => String(c.email));
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails.filter((e) => e.startsWith('durable-'))).toHaveLength(EVENTS);
  }, 400_000);
});
