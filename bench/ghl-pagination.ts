/**
 * Streams 25,000 contacts through the search paginator and measures the memory it takes.
 *
 * The GHL sandbox runs in a child process (so its own memory is not counted here), with the
 * contacts seeded straight into the location through its admin handle. This process iterates them
 * with `searchContactPages` (500 per page, `searchAfter` cursors), checks that each contact comes
 * exactly once, and samples heap and RSS after every page. The baseline, measured in the same run,
 * is the naive way: collecting every contact into one array.
 *
 *   npx tsx bench/ghl-pagination.ts [--contacts 25000] [--page 500]
 */
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { GhlClient } from '../src/connectors/ghl/client.ts';
import { searchContactPages } from '../src/connectors/ghl/paginate.ts';
import { bearerAuth, createHttpClient, createThrottle, GHL_RATE_LIMITS } from '../src/http/index.ts';
import { report, round } from './support.ts';

interface Ready {
  url: string;
  token: string;
  locationId: string;
  contacts: number;
  idsDigest: string;
}

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '25000' },
    page: { type: 'string', default: '500' },
    serve: { type: 'boolean', default: false },
  },
});

// A full collection before each measurement, so that growth is measured from a clean start.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

if (values.serve) await serve(Number(values.contacts));
else await measure();

/** Child process: the sandbox, its default location seeded through the admin handle. */
async function serve(count: number): Promise<void> {
  const { startGhlSandbox } = await import('../src/sandbox/ghl/index.ts');
  const { seedLocation } = await import('../src/sandbox/ghl/seed.ts');
  const sandbox = await startGhlSandbox({ limits: { max: 1_000_000, dailyMax: 1_000_000_000 } });
  const { locationId, privateIntegrationToken } = sandbox.defaultLocation;
  const location = sandbox.admin.location(locationId);
  seedLocation(location, count);
  const ready: Ready = {
    url: sandbox.url,
    token: privateIntegrationToken,
    locationId,
    contacts: location.contacts.size,
    idsDigest: digest(location.contacts.keys()),
  };
  process.send?.(ready);
  process.once('disconnect', () => void sandbox.close().then(() => process.exit(0)));
}

function digest(ids: Iterable<string>): string {
  return createHash('sha256')
    .update([...ids].sort().join('\n'))
    .digest('hex');
}

async function measure(): Promise<void> {
  const pageLimit = Number(values.page);
  const child = fork(fileURLToPath(import.meta.url), ['--serve', '--contacts', String(values.contacts)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (message) => resolve(message as Ready));
      child.once('exit', (code) => reject(new Error(`The sandbox process exited with ${code}`)));
    });
    const http = createHttpClient({
      baseUrl: ready.url,
      auth: bearerAuth(ready.token),
      throttle: createThrottle(GHL_RATE_LIMITS),
      rateLimitKey: ready.locationId,
    });
    const client = new GhlClient(http, ready.locationId);
    await iterate(client, pageLimit, 2); // warm-up: JIT, connections

    const streamed = await withMemory(async (sample) => {
      const seen = new Set<string>();
      let visits = 0;
      let pages = 0;
      for await (const page of searchContactPages(client, { pageLimit })) {
        pages += 1;
        for (const contact of page.items) {
          visits += 1;
          seen.add(contact.id);
        }
        sample();
      }
      return { visits, pages, seen };
    });
    const collected = await withMemory(async (sample) => {
      const all: unknown[] = [];
      for await (const page of searchContactPages(client, { pageLimit })) {
        all.push(...page.items);
        sample();
      }
      return { count: all.length, keep: all };
    });

    const { visits, pages, seen } = streamed.result;
    const exactlyOnce =
      visits === ready.contacts && seen.size === ready.contacts && digest(seen) === ready.idsDigest;
    const perSecond = (visits / streamed.elapsedMs) * 1000;
    const mb = (bytes: number) => round(bytes / 1_048_576, 1);
    const figures = {
      setup: { contacts: ready.contacts, pageLimit, paginator: 'searchContactPages (searchAfter)' },
      pages,
      visits,
      distinct: seen.size,
      exactlyOnce,
      elapsedMs: Math.round(streamed.elapsedMs),
      itemsPerSecond: Math.round(perSecond),
      peakGrowthMB: { heap: mb(streamed.peakHeap), rss: mb(streamed.peakRss) },
      retainedAfterGcMB: mb(streamed.retainedHeap),
      baselineCollectAll: {
        count: collected.result.count,
        peakGrowthMB: { heap: mb(collected.peakHeap), rss: mb(collected.peakRss) },
        retainedAfterGcMB: mb(collected.retainedHeap),
      },
      heapRatioToBaseline: round(streamed.peakHeap / Math.max(1, collected.peakHeap), 3),
      goals: { peakGrowthMB: 50 },
    };
    console.log(`contacts          ${ready.contacts} in ${pages} pages of ${pageLimit}`);
    console.log(
      `visited           ${visits} (${seen.size} distinct; exactly once: ${exactlyOnce ? 'yes' : 'NO'})`,
    );
    console.log(`throughput        ${figures.itemsPerSecond} contacts/s (${figures.elapsedMs} ms)`);
    console.log(
      `peak growth       heap ${figures.peakGrowthMB.heap} MB, RSS ${figures.peakGrowthMB.rss} MB (goal < 50 MB; includes the set of seen ids)`,
    );
    console.log(
      `baseline          collecting all into an array: heap ${figures.baselineCollectAll.peakGrowthMB.heap} MB, ` +
        `RSS ${figures.baselineCollectAll.peakGrowthMB.rss} MB; streaming uses ${round(figures.heapRatioToBaseline * 100, 1)}% of its heap growth`,
    );
    console.log(
      `retained after GC streaming ${figures.retainedAfterGcMB} MB (the set of seen ids) vs ` +
        `${figures.baselineCollectAll.retainedAfterGcMB} MB holding every contact`,
    );
    report('ghl-pagination', figures);
    const worst = Math.max(figures.peakGrowthMB.heap, figures.peakGrowthMB.rss);
    if (!exactlyOnce || worst >= 50) process.exitCode = 1;
  } finally {
    if (child.connected) child.disconnect();
  }
}

async function iterate(client: GhlClient, pageLimit: number, maxPages: number): Promise<void> {
  for await (const _page of searchContactPages(client, { pageLimit, maxPages })) {
    // only warming up
  }
}

/** Runs `work` after a full collection and records the peak heap and RSS above that start. */
async function withMemory<T>(work: (sample: () => void) => Promise<T>) {
  gc();
  const start = process.memoryUsage();
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed - start.heapUsed);
    peakRss = Math.max(peakRss, now.rss - start.rss);
  };
  const started = performance.now();
  const result = await work(sample);
  sample();
  const elapsedMs = performance.now() - started;
  // What is still held once the garbage is gone: the result (the set of ids, or every contact).
  gc();
  const retainedHeap = process.memoryUsage().heapUsed - start.heapUsed;
  return { result, elapsedMs, peakHeap, peakRss, retainedHeap };
}
