// GHL webhooks acknowledged per second on SQLite (signature checked, stored in the inbox, job
// enqueued, then 200) and the acknowledgement latency, beside a bare Fastify handler that only
// answers 200, measured the same way in the same run.
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { loadConfig } from '../src/config/load.ts';
import { buildServer } from '../src/server/app.ts';
import { createLogger } from '../src/server/logger.ts';
import { createRuntime } from '../src/server/runtime.ts';
import { percentile, report, round } from './support.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const LOCATION = 'BenchLocation0000001';

interface Request {
  body: string;
  headers: Record<string, string>;
}

function webhooks(privateKey: ReturnType<typeof generateKeyPairSync>['privateKey']): Request[] {
  return Array.from({ length: EVENTS }, (_, i) => {
    const body = JSON.stringify({
      type: 'ContactCreate',
      locationId: LOCATION,
      id: `contact${String(i).padStart(14, '0')}`,
      email: `bench${i}@example.com`,
      firstName: 'Bench',
      tags: ['bench'],
      customFields: [],
      dateAdded: new Date().toISOString(),
      timestamp: new Date().toISOString(),
      webhookId: randomUUID(),
    });
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'x-ghl-signature': sign(null, Buffer.from(body), privateKey).toString('base64'),
      },
    };
  });
}

/** Posts every request, CONCURRENCY at a time; events per second and latency percentiles (ms). */
async function drive(url: string, requests: Request[]) {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        const sent = performance.now();
        const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
        await response.arrayBuffer();
        latencies.push(performance.now() - sent);
        if (response.status !== 200) failed += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: round(requests.length / seconds),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    failed,
  };
}

async function bare(requests: Request[]) {
  const app = Fastify({ bodyLimit: 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.post('/webhooks/ghl', async () => ({ status: 'ok' }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    return await drive(`${url}/webhooks/ghl`, requests);
  } finally {
    await app.close();
  }
}

async function bridge(requests: Request[], publicKeyPem: string) {
  const dir = mkdtempSync(join(tmpdir(), 'ghl-bridge-bench-ingest-'));
  const config = loadConfig({
    env: {
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${join(dir, 'bridge.db')}`,
      BRIDGE_SECRET: 'bench-ingest-secret-0123456789',
      BRIDGE_ADMIN_TOKEN: 'bench-ingest-admin-token-0123456789',
      LOG_LEVEL: 'silent',
      GHL_WEBHOOK_PUBLIC_KEY: publicKeyPem,
      RECONCILE_INTERVAL_SECONDS: '0',
    },
  });
  const runtime = await createRuntime(config, createLogger('silent'));
  await runtime.repos.connections.create({
    name: 'ghl-bench',
    connector: 'ghl',
    authType: 'private_token',
    scopes: ['contacts.readonly'],
    meta: { locationId: LOCATION },
  });
  const app = await buildServer(runtime);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const figures = await drive(`${url}/webhooks/ghl`, requests);
    const stored = await runtime.repos.inbox.count('ghl');
    const jobs = Number(
      (
        await runtime.store.db
          .selectFrom('jobs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('kind', '=', 'inbox.event')
          .executeTakeFirstOrThrow()
      ).n,
    );
    return { ...figures, stored, jobs };
  } finally {
    await app.close();
    await runtime.close({ timeoutMs: 500 });
    rmSync(dir, { recursive: true, force: true });
  }
}

const keys = generateKeyPairSync('ed25519');
const requests = webhooks(keys.privateKey);
// Warm both paths (JIT, connection pool) on a few requests that are not counted.
await bare(requests.slice(0, 100));
const baseline = await bare(requests);
const ingest = await bridge(requests, keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
if (ingest.stored !== EVENTS || ingest.jobs !== EVENTS || ingest.failed > 0) {
  throw new Error(
    `expected ${EVENTS} stored events and jobs, got ${ingest.stored} and ${ingest.jobs} (${ingest.failed} failed)`,
  );
}
report('ingest', {
  events: EVENTS,
  concurrency: CONCURRENCY,
  database: 'sqlite',
  bridge: ingest,
  bareFastify: baseline,
  ratio: {
    throughput: round(ingest.perSecond / baseline.perSecond, 3),
    p50: round(ingest.p50Ms / baseline.p50Ms, 2),
    p99: round(ingest.p99Ms / baseline.p99Ms, 2),
  },
});
