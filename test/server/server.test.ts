import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { buildServer } from '../../src/server/app.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createRuntime, type Runtime } from '../../src/server/runtime.ts';
import { waitFor } from '../support/databases.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'ghl-bridge.js');

function tempEnv() {
  const dir = mkdtempSync(join(tmpdir(), 'ghl-bridge-server-'));
  return { DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'bridge.db')}` };
}

describe('HTTP server', () => {
  let runtime: Runtime;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const config = loadConfig({ env: { ...tempEnv(), LOG_LEVEL: 'silent' } });
    runtime = await createRuntime(config, createLogger('silent'));
    const app = await buildServer(runtime);
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    close = async () => {
      await app.close();
    };
  });

  afterAll(async () => {
    await close();
    await runtime.close({ timeoutMs: 500 }).catch(() => {});
  });

  it('answers /healthz with {"status":"ok"}', async () => {
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves Prometheus metrics, including queue depth', async () => {
    await runtime.queue.enqueue('metrics-probe', {}, { runAt: new Date(Date.now() + 60_000) });
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toContain('ghl_bridge_jobs{status="queued"} 1');
    expect(text).toMatch(/ghl_bridge_http_request_duration_seconds_bucket\{.*route="\/healthz"/);
  });

  it('answers 503 naming the failing check when the database is gone', async () => {
    await runtime.store.close();
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('error');
    expect(body.checks.database).not.toBe('ok');
  });
});

describe('logs', () => {
  it('redact authorization headers and token fields', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger('info', sink);
    log.info({ req: { headers: { authorization: 'Bearer pit-abc123' } } }, 'incoming');
    log.info({ response: { access_token: 'at-999', refresh_token: 'rt-888', expires_in: 86399 } }, 'token');
    log.info({ client_secret: 'cs-777', token: 'tk-666' }, 'flat');
    const text = lines.join('');
    for (const secret of ['pit-abc123', 'at-999', 'rt-888', 'cs-777', 'tk-666'])
      expect(text).not.toContain(secret);
    expect(text).toContain('86399');
    expect(text).toContain('[redacted]');
  });
});

describe('`ghl-bridge start` process', () => {
  it('serves /healthz and shuts down cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'start'], {
      env: { ...process.env, ...tempEnv(), PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await waitFor(() => /"url":"(http:\/\/[^"]+)","database"/.exec(output)?.[1], 20_000);
    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(output).toContain('generated a key to encrypt tokens at rest');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"stopped"');
  }, 30_000);
});
