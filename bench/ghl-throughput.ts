/**
 * How close 1,000 upserts through the GHL connector come to a location's rate limit.
 *
 * The GHL sandbox limits the location to 100 requests per 1,000 ms (GHL's own default is 100 per
 * 10 s). 1,000 `ghl.upsert-contact` actions run through the whole stack (runner, custom-field and
 * input checks, HTTP layers); the throttle starts from GHL's defaults and must learn the limit from
 * the answers' X-RateLimit-* headers. The baseline is the sandbox's configured limit.
 *
 *   npx tsx bench/ghl-throughput.ts [--records 1000] [--limit 100] [--window-ms 1000] [--concurrency 200]
 */
import { parseArgs } from 'node:util';
import { ghlHarness } from '../test/support/ghl-harness.ts';
import { report, round } from './support.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000' },
    limit: { type: 'string', default: '100' },
    'window-ms': { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '200' },
  },
});
const records = Number(values.records);
const limit = Number(values.limit);
const windowMs = Number(values['window-ms']);
const concurrency = Number(values.concurrency);
// Twice the fastest possible run plus slack: the benchmark cannot hang.
const deadline = AbortSignal.timeout(2 * Math.ceil(records / limit) * windowMs + 20_000);

const h = await ghlHarness({
  sandbox: { limits: { max: limit, intervalMs: windowMs, dailyMax: 10_000_000 } },
});
const rateKey = `ghl:${h.locationId}`;
let failed = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: Math.min(concurrency, records) }, async () => {
    while (next < records && !deadline.aborted) {
      const i = next++;
      try {
        await h.run('upsert-contact', {
          email: `bench-${i}@example.com`,
          firstName: 'Bench',
          tags: ['bench'],
        });
      } catch {
        failed += 1;
      }
    }
  }),
);
const elapsedMs = performance.now() - started;

const log = h.sandbox.requests.list();
const upserts = log.filter((r) => r.path === '/contacts/upsert');
const refused = log.filter((r) => r.status === 429).length;
const created = h.sandbox.admin.location(h.locationId).contacts.size;
// The log records when an answer left; the request arrived durationMs earlier.
const arrivals = upserts.map((r) => Date.parse(r.at) - r.durationMs).sort((a, b) => a - b);
// Request k+limit may arrive one window after request k at the soonest; the mean actual gap
// against that ideal is the share of the limit kept up.
let gaps = 0;
for (let k = 0; k + limit < arrivals.length; k += 1)
  gaps += (arrivals[k + limit] as number) - (arrivals[k] as number);
const sustainedShare = windowMs / (gaps / Math.max(1, arrivals.length - limit));
const fastestPossibleMs = (Math.ceil(records / limit) - 1) * windowMs;
const limitPerSecond = (limit / windowMs) * 1000;
const achievedPerSecond = (records / elapsedMs) * 1000;
const stats = h.services.throttleFor('ghl').stats(rateKey);
await h.close();

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
console.log(
  `records              ${records} upserts, ${concurrency} at a time (limit ${limit} per ${windowMs} ms)`,
);
console.log(`elapsed              ${Math.round(elapsedMs)} ms (fastest possible ${fastestPossibleMs} ms)`);
console.log(
  `share of the limit   ${pct(sustainedShare)} sustained (goal >= 90%); ${pct(fastestPossibleMs / elapsedMs)} of the fastest possible run`,
);
console.log(
  `achieved rate        ${round(achievedPerSecond)}/s overall; baseline (the limit) ${limitPerSecond}/s; ratio ${round(achievedPerSecond / limitPerSecond, 3)}`,
);
console.log(`429s received        ${refused} (goal 0)`);
console.log(
  `API calls per record ${round(log.length / records, 3)} (${log.length} requests, ${created} contacts)`,
);
console.log(`failed upserts       ${failed}`);

report('ghl-throughput', {
  setup: {
    records,
    limit,
    windowMs,
    concurrency,
    action: 'ghl.upsert-contact',
    throttleStartsFrom: '100 per 10,000 ms',
  },
  elapsedMs: Math.round(elapsedMs),
  fastestPossibleMs,
  sustainedShareOfLimit: round(sustainedShare, 3),
  elapsedShareOfFastest: round(fastestPossibleMs / elapsedMs, 3),
  achievedRatePerSecond: round(achievedPerSecond),
  baselineLimitPerSecond: limitPerSecond,
  achievedVsBaseline: round(achievedPerSecond / limitPerSecond, 3),
  received429: refused,
  apiCallsPerRecord: round(log.length / records, 3),
  contactsCreated: created,
  failedUpserts: failed,
  throttle: stats,
  goals: { sustainedShareOfLimit: 0.9, received429: 0 },
});
if (sustainedShare < 0.9 || refused > 0 || failed > 0 || created !== records) process.exitCode = 1;
