/**
 * How many simple requests per second the GHL sandbox serves: `GET /contacts/{id}` with a
 * valid Private Integration Token, the Version header and limits too generous to refuse.
 *
 * The sandbox runs in a child process and the load generator (plain node:http over keep-alive
 * connections, lighter than fetch) in this one, so on a 2-core machine each has a core and the
 * generator does not starve the server it measures.
 *
 *   npx tsx bench/sandbox.ts [--seconds 5] [--connections 32] [--seed 1000]
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface Ready {
  url: string;
  token: string;
  contactIds: string[];
}

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    seed: { type: 'string', default: '1000' },
    serve: { type: 'boolean', default: false },
  },
});

if (values.serve) await serve(Number(values.seed));
else await measure();

/** Child process: the sandbox, with its request log and hooks on, as a benchmark would meet it. */
async function serve(seed: number): Promise<void> {
  const { startGhlSandbox } = await import('../src/sandbox/ghl/index.ts');
  const sandbox = await startGhlSandbox({ seed, limits: { max: 1_000_000_000, dailyMax: 1_000_000_000 } });
  const { locationId, privateIntegrationToken } = sandbox.defaultLocation;
  const search = await fetch(`${sandbox.url}/contacts/search`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${privateIntegrationToken}`,
      version: '2021-07-28',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ locationId, pageLimit: 100 }),
  });
  const { contacts } = (await search.json()) as { contacts: { id: string }[] };
  process.send?.({ url: sandbox.url, token: privateIntegrationToken, contactIds: contacts.map((c) => c.id) });
  process.once('disconnect', () => void sandbox.close().then(() => process.exit(0)));
}

async function measure(): Promise<void> {
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const child = fork(fileURLToPath(import.meta.url), ['--serve', '--seed', String(values.seed)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (message) => resolve(message as Ready));
      child.once('exit', (code) => reject(new Error(`The sandbox process exited with ${code}`)));
    });
    await load(ready, connections, 1); // warm-up: JIT, connections
    const result = await load(ready, connections, seconds);
    const figures = {
      bench: 'sandbox',
      date: new Date().toISOString(),
      node: process.version,
      cpus: availableParallelism(),
      setup: { request: 'GET /contacts/{id}', seconds, connections, seededContacts: Number(values.seed) },
      requests: result.ok,
      errors: result.errors,
      requestsPerSecond: Math.round(result.ok / seconds),
      latencyMs: { p50: result.p50, p99: result.p99 },
      goalRequestsPerSecond: 3_000,
    };
    await mkdir(new URL('./results/', import.meta.url), { recursive: true });
    await writeFile(
      new URL('./results/sandbox.json', import.meta.url),
      `${JSON.stringify(figures, null, 2)}\n`,
    );
    process.stdout.write(
      `GHL sandbox: ${figures.requestsPerSecond} requests/s (GET /contacts/{id}, ${connections} connections, ` +
        `${seconds} s; p50 ${result.p50} ms, p99 ${result.p99} ms; ${result.errors} errors)\n`,
    );
    if (figures.requestsPerSecond < figures.goalRequestsPerSecond) process.exitCode = 1;
  } finally {
    stop(child);
  }
}

function stop(child: ChildProcess): void {
  if (child.connected) child.disconnect();
}

/** Keeps `connections` requests in flight for `seconds`; counts 200s and samples latencies. */
async function load(ready: Ready, connections: number, seconds: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(ready.url);
  const headers = { authorization: `Bearer ${ready.token}`, version: '2021-07-28' };
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let next = 0;

  const one = () =>
    new Promise<void>((resolve) => {
      const id = ready.contactIds[next++ % ready.contactIds.length];
      const started = performance.now();
      const req = request(
        { host: url.hostname, port: url.port, path: `/contacts/${id}`, method: 'GET', headers, agent },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) ok++;
            else errors++;
            if ((ok + errors) % 16 === 0) latencies.push(performance.now() - started);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });

  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) await one();
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round((latencies[Math.floor(q * (latencies.length - 1))] ?? 0) * 100) / 100;
  return { ok, errors, p50: at(0.5), p99: at(0.99) };
}
