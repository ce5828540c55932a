/**
 * How much of a rate limit the throttle uses, and whether it is ever refused.
 *
 * A local API enforces 100 requests per 1,000 ms over a strict sliding window and answers with
 * GHL's X-RateLimit-* headers; 1,000 requests go through the client at once. The throttle starts
 * from GHL's defaults (100 per 10 s) and has to learn the window from the first answer.
 *
 *   npx tsx bench/http-throttle.ts [--requests 1000] [--limit 100] [--window-ms 1000] [--latency-ms 0]
 *
 * `--latency-ms N` delays each answer by a random 0..N ms, as a network would.
 */
import { setMaxListeners } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createHttpClient, createThrottle, GHL_RATE_LIMITS } from '../src/http/index.ts';
import { startApiFixture } from '../test/http/api-fixture.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000' },
    limit: { type: 'string', default: '100' },
    'window-ms': { type: 'string', default: '1000' },
    'latency-ms': { type: 'string', default: '0' },
  },
});
const requests = Number(values.requests);
const limit = Number(values.limit);
const windowMs = Number(values['window-ms']);
const latencyMs = Number(values['latency-ms']);
// Twice the time the fastest possible client needs, plus slack: the run cannot hang.
const deadlineMs = 2 * Math.ceil(requests / limit) * windowMs + 10_000;

const server = await startApiFixture({ limit, windowMs, dailyLimit: 200_000 });
server.route('GET', '/contacts/', () => ({ delayMs: Math.random() * latencyMs, body: { contacts: [] } }));
const throttle = createThrottle(GHL_RATE_LIMITS);
const client = createHttpClient({ baseUrl: server.baseUrl, throttle, rateLimitKey: 'bench-location' });
const deadline = AbortSignal.timeout(deadlineMs);
// Every request listens to the one deadline.
setMaxListeners(2 * requests + 10, deadline);

const started = performance.now();
const results = await Promise.allSettled(
  Array.from({ length: requests }, (_, i) =>
    client.request({
      method: 'GET',
      path: '/contacts/',
      query: { locationId: 'bench-location', n: i },
      signal: deadline,
    }),
  ),
);
const elapsedMs = performance.now() - started;
await server.close();

const failed = results.filter((r) => r.status === 'rejected').length;
const arrivals = server.received.map((r) => r.at).sort((a, b) => a - b);
// Request k+limit may arrive one window after request k at the soonest; the mean actual gap
// against that ideal is the share of the allowed rate kept up.
let gaps = 0;
for (let k = 0; k + limit < arrivals.length; k += 1)
  gaps += (arrivals[k + limit] as number) - (arrivals[k] as number);
const sustainedShare = windowMs / (gaps / Math.max(1, arrivals.length - limit));
const fastestPossibleMs = (Math.ceil(requests / limit) - 1) * windowMs;
const stats = throttle.stats('bench-location');

const figures = {
  bench: 'http-throttle',
  date: new Date().toISOString(),
  node: process.version,
  setup: { requests, limit, windowMs, latencyMs, throttleDefaults: GHL_RATE_LIMITS.defaults },
  elapsedMs: Math.round(elapsedMs),
  fastestPossibleMs,
  elapsedShare: round(fastestPossibleMs / elapsedMs),
  sustainedShareOfLimit: round(sustainedShare),
  achievedRatePerSecond: round((requests / elapsedMs) * 1000),
  limitRatePerSecond: (limit / windowMs) * 1000,
  received429: server.refusedByLimit,
  maxAcceptedInAnyWindow: server.maxInWindow,
  failedRequests: failed,
  throttle: stats,
};

console.log(
  `requests            ${requests} (limit ${limit} per ${windowMs} ms, answer latency 0..${latencyMs} ms)`,
);
console.log(`elapsed             ${figures.elapsedMs} ms (fastest possible ${fastestPossibleMs} ms)`);
console.log(
  `share of the limit  ${pct(sustainedShare)} sustained; ${pct(figures.elapsedShare)} of the fastest possible run`,
);
console.log(
  `achieved rate       ${figures.achievedRatePerSecond}/s overall (limit ${figures.limitRatePerSecond}/s)`,
);
console.log(
  `429s received       ${server.refusedByLimit} (most accepted in one window: ${server.maxInWindow})`,
);
console.log(`failed requests     ${failed}`);

await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/http-throttle.json', import.meta.url),
  `${JSON.stringify(figures, null, 2)}\n`,
);
console.log('written             bench/results/http-throttle.json');

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
