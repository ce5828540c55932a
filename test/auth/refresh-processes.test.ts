import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN } from '../../src/auth/ghl-connection.ts';
import { type OAuthFixture, oauthFixture, VAULT_SECRET } from './oauth-fixture.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'concurrent-calls.ts');
const CALLS_PER_PROCESS = 25;

interface Worker {
  child: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  result: Promise<{ ok: number; errors: string[] }>;
}

function startWorker(args: string[]): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, ...args], { stdio: 'pipe' });
  let output = '';
  let stderr = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const result = new Promise<{ ok: number; errors: string[] }>((resolve, reject) => {
    child.on('exit', (code) => {
      const last = output.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last));
      else reject(new Error(`worker exited ${code}: ${stderr || output}`));
    });
  });
  return { child, ready, result };
}

describe('token refresh across processes', () => {
  let f: OAuthFixture;

  beforeAll(async () => {
    f = await oauthFixture();
  });
  afterAll(async () => {
    await f.close();
  });

  it('two processes sharing one SQLite file, each with concurrent calls on an expired token, refresh exactly once', async () => {
    const connection = await f.connect('shared');
    const contactId = await f.createContact('processes@example.com');
    const stored = await f.deps.secrets.get(connection.id, ACCESS_TOKEN);
    await f.deps.secrets.put(connection.id, ACCESS_TOKEN, stored?.value ?? '', Date.now() - 1_000);
    f.sandbox.admin.expireTokens(f.locationId);
    const before = f.tokenRequests();

    const args = [f.database.url, 'shared', contactId, String(CALLS_PER_PROCESS), VAULT_SECRET];
    const workers = [startWorker(args), startWorker(args)];
    await Promise.all(workers.map((w) => w.ready));
    for (const worker of workers) worker.child.stdin.write('go\n');
    const results = await Promise.all(workers.map((w) => w.result));

    for (const result of results) expect(result).toEqual({ ok: CALLS_PER_PROCESS, errors: [] });
    expect(f.tokenRequests() - before).toBe(1);
    const refreshed = await f.deps.secrets.get(connection.id, ACCESS_TOKEN);
    expect(refreshed?.value).not.toBe(stored?.value);
    expect((await f.deps.connections.get('shared')).status).toBe('active');
  });
});
