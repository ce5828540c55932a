/**
 * Whether Gleap's rate limit is kept and used: 3,000 `gleap.get-contact` actions go through the
 * connector at once (action runner, API-key auth, shared throttle, retry) against the Gleap
 * sandbox with its project limit set to 1,000 requests per 6 s (Gleap's is 1,000 per 60 s; a
 * tenth of the window keeps the run short). Gleap sends no rate-limit headers, so the bridge's
 * Gleap throttle profile is given the same limit, as it is given 1,000 per 60 s in production.
 *
 * The sandbox runs in a child process (each side gets a core). Figures: 429s received, elapsed
 * time against the fastest run the limit allows (two full windows after the first), and the
 * sustained share of the limit (one window against the mean gap between request k and k+1,000
 * as the sandbox saw them arrive).
 *
 *   npx tsx bench/gleap-throughput.ts [--calls 3000] [--limit 1000] [--window-ms 6000]
 */
import { fork } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { runAction } from '../src/connectors/run-action.ts';
import { type ConnectorServices, linkStore, throttleRegistry } from '../src/connectors/services.ts';
import { GLEAP_RATE_LIMITS } from '../src/http/index.ts';
import { connectionsRepository } from '../src/store/connections.ts';
import { migrate, openStore } from '../src/store/db.ts';
import { identitiesRepository } from '../src/store/identities.ts';
import { locksRepository } from '../src/store/locks.ts';
import { secretsRepository } from '../src/store/secrets.ts';
import { keyFromSecret, Vault } from '../src/store/vault.ts';
import { report, round } from './support.ts';

interface Ready {
  url: string;
  projectId: string;
  apiKey: string;
  contactIds: string[];
}
interface Arrivals {
  arrivals: { at: number; status: number }[];
}

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '3000' },
    limit: { type: 'string', default: '1000' },
    'window-ms': { type: 'string', default: '6000' },
    serve: { type: 'boolean', default: false },
  },
});
const calls = Number(values.calls);
const limit = Number(values.limit);
const windowMs = Number(values['window-ms']);

if (values.serve) await serve();
else await measure();

/** Child process: the sandbox; answers `arrivals` with when each request of the project arrived. */
async function serve(): Promise<void> {
  const { startGleapSandbox } = await import('../src/sandbox/gleap/index.ts');
  const sandbox = await startGleapSandbox({ seed: { contacts: 50, tickets: 0 }, requestLogSize: 20_000 });
  const project = sandbox.demo;
  if (!project) throw new Error('the sandbox has no demo project');
  sandbox.admin.setLimits({ max: limit, intervalMs: windowMs }, project.projectId);
  process.on('message', (message) => {
    if (message !== 'arrivals') return;
    const entries = sandbox.admin.log.list({ app: project.projectId });
    process.send?.({
      arrivals: entries.map((entry) => ({ at: Date.parse(entry.at), status: entry.status })),
    } satisfies Arrivals);
  });
  const contactIds = sandbox.admin.contacts(project.projectId).map((contact) => String(contact._id));
  process.send?.({
    url: sandbox.url,
    projectId: project.projectId,
    apiKey: project.apiKey,
    contactIds,
  } satisfies Ready);
  process.once('disconnect', () => void sandbox.close().then(() => process.exit(0)));
}

async function measure(): Promise<void> {
  const child = fork(
    fileURLToPath(import.meta.url),
    ['--serve', '--limit', String(limit), '--window-ms', String(windowMs)],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const dir = mkdtempSync(join(tmpdir(), 'gleap-bench-'));
  const store = await openStore(`sqlite:${join(dir, 'bench.db')}`);
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (message) => resolve(message as Ready));
      child.once('exit', (code) => reject(new Error(`The sandbox process exited with ${code}`)));
    });
    await migrate(store);
    const connections = connectionsRepository(store.db);
    const profile = { ...GLEAP_RATE_LIMITS, defaults: { limit, windowMs } };
    const services: ConnectorServices = {
      connections,
      secrets: secretsRepository(store.db, new Vault(keyFromSecret('bench-secret-0123456789'))),
      locks: locksRepository(store.db),
      log: pino({ level: 'silent' }),
      throttleFor: throttleRegistry({ gleap: profile }),
      links: linkStore(connections, identitiesRepository(store.db)),
    };
    // Saved directly rather than through connectGleap, whose key check would spend one request
    // of the first window and blur the figures.
    const connection = await connections.create({
      name: 'bench',
      connector: 'gleap',
      authType: 'api_key',
      scopes: [],
      meta: { projectId: ready.projectId, baseUrl: ready.url },
    });
    await services.secrets.put(connection.id, 'api_key', ready.apiKey);

    // Twice the fastest possible run, plus slack: the run cannot hang.
    const deadline = AbortSignal.timeout(2 * Math.ceil(calls / limit) * windowMs + 15_000);
    // Every call listens to the one deadline.
    setMaxListeners(2 * calls + 10, deadline);
    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: calls }, (_, i) =>
        runAction(services, {
          action: 'gleap.get-contact',
          connection: connection.name,
          input: { contactId: ready.contactIds[i % ready.contactIds.length] },
          signal: deadline,
        }),
      ),
    );
    const elapsedMs = performance.now() - started;
    const failed = results.filter((r) => r.status === 'rejected');

    child.send('arrivals');
    const { arrivals } = await new Promise<Arrivals>((resolve) =>
      child.once('message', (m) => resolve(m as Arrivals)),
    );
    const times = arrivals.map((a) => a.at).sort((a, b) => a - b);
    const refused = arrivals.filter((a) => a.status === 429).length;
    let gaps = 0;
    for (let k = 0; k + limit < times.length; k++)
      gaps += (times[k + limit] as number) - (times[k] as number);
    const sustainedShare = windowMs / (gaps / Math.max(1, times.length - limit));
    const fastestPossibleMs = (Math.ceil(calls / limit) - 1) * windowMs;
    // How long one window's 1,000 requests take to arrive: the client and the sandbox share two
    // cores, and the elapsed time can be no shorter than the windows plus this.
    const burstSpreadMs = Math.round((times[Math.min(limit, times.length) - 1] ?? 0) - (times[0] ?? 0));
    const stats = services.throttleFor('gleap').stats(`gleap:${ready.projectId}`);

    const figures = {
      setup: { calls, limit, windowMs, action: 'gleap.get-contact', throttleDefaults: profile.defaults },
      elapsedMs: Math.round(elapsedMs),
      fastestPossibleMs,
      elapsedShare: round(fastestPossibleMs / elapsedMs, 3),
      firstWindowArrivalSpreadMs: burstSpreadMs,
      arrivalSpanMs: Math.round((times.at(-1) ?? 0) - (times[0] ?? 0)),
      sustainedShareOfLimit: round(sustainedShare, 3),
      achievedRatePerSecond: round((calls / elapsedMs) * 1000, 1),
      limitRatePerSecond: (limit / windowMs) * 1000,
      received429: refused,
      requestsArrived: arrivals.length,
      failedCalls: failed.length,
      ...(failed[0] ? { firstFailure: String((failed[0] as PromiseRejectedResult).reason) } : {}),
      throttle: stats,
    };
    console.log(`calls               ${calls} gleap.get-contact (limit ${limit} per ${windowMs} ms)`);
    console.log(`elapsed             ${figures.elapsedMs} ms (fastest possible ${fastestPossibleMs} ms)`);
    console.log(
      `share of the limit  ${pct(sustainedShare)} sustained; ${pct(figures.elapsedShare)} of the fastest possible run`,
    );
    console.log(
      `arrivals            first to last ${figures.arrivalSpanMs} ms; one window's ${limit} took ${burstSpreadMs} ms to arrive`,
    );
    console.log(`429s received       ${refused}`);
    console.log(`failed calls        ${failed.length}`);
    report('gleap-throughput', figures);
    if (refused > 0 || failed.length > 0 || sustainedShare < 0.9) process.exitCode = 1;
  } finally {
    if (child.connected) child.disconnect();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
