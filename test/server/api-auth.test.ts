import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/kernel/errors.ts';
import { ADMIN_TOKEN_FILE, loadAdminToken } from '../../src/server/api/admin-token.ts';
import { waitFor } from '../support/databases.ts';
import { type ApiHarness, apiHarness, type Json, tagFlowYaml } from './api-support.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'ghl-bridge.js');

describe('REST API: admin token and OpenAPI document', () => {
  let api: ApiHarness;
  let document: Json;

  beforeAll(async () => {
    api = await apiHarness();
    document = (await api.call('GET', '/docs/json', { token: null })).body;
  });

  afterAll(async () => {
    await api?.close();
  });

  it('publishes an OpenAPI 3 document of the /api paths, each needing the bearer token', () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/catalog',
        '/api/catalog/{key}',
        '/api/connections/{id}',
        '/api/flows',
        '/api/flows/{id}/export',
        '/api/flows/{id}/test',
        '/api/flows/test',
        '/api/runs',
        '/api/runs/{id}/replay',
        '/api/dead-letters',
        '/api/dead-letters/{id}/replay',
      ]),
    );
    expect(Object.keys(document.paths).every((path) => path.startsWith('/api/'))).toBe(true);
    expect(document.components.securitySchemes.adminToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.security).toEqual([{ adminToken: [] }]);
  });

  it('serves Swagger UI at /docs without a token', async () => {
    const page = await fetch(`${api.url}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
    expect((await api.call('GET', '/healthz', { token: null })).status).toBe(200);
  });

  it('answers 401 with a clear JSON error to every operation without the right token', async () => {
    const wrongTokens = [null, 'x'.repeat(api.token.length), `${api.token}x`, ''];
    for (const [path, operations] of Object.entries(document.paths as Record<string, object>)) {
      for (const method of Object.keys(operations)) {
        const url = path.replace(/\{[^}]+\}/g, 'some-id');
        for (const token of wrongTokens) {
          const answer = await api.call(method.toUpperCase(), url, { token });
          expect(answer.status, `${method} ${url} with ${token === null ? 'no' : 'a wrong'} token`).toBe(401);
          expect(answer.body).toMatchObject({ error: 'Unauthorized', code: 'auth' });
          expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
        }
      }
    }
    const missing = await api.call('GET', '/api/flows', { token: null });
    expect(missing.body.message).toContain('Authorization: Bearer');
    expect((await api.call('GET', '/api/flows')).status).toBe(200);
  });

  it('answers what its documented response schemas describe', async () => {
    const ajv = new Ajv({ strict: false });
    const check = (path: string, method: string, status: number, body: unknown) => {
      const schema = document.paths[path][method].responses[status].content['application/json'].schema;
      const valid = ajv.validate(schema, body);
      expect(valid, `${method} ${path} ${status}: ${ajv.errorsText()}`).toBe(true);
    };
    const created = await api.call('POST', '/api/flows', { text: tagFlowYaml('documented') });
    check('/api/flows', 'post', 201, created.body);
    check('/api/flows/{id}', 'get', 200, (await api.call('GET', '/api/flows/documented')).body);
    check('/api/catalog', 'get', 200, (await api.call('GET', '/api/catalog')).body);
    check('/api/connections', 'get', 200, (await api.call('GET', '/api/connections')).body);
    const refused = await api.call('POST', '/api/flows', { body: { name: '' } });
    check('/api/flows', 'post', 400, refused.body);
    const tested = await api.call('POST', '/api/flows/documented/test', { body: {} });
    check('/api/flows/{id}/test', 'post', 200, tested.body);
  });
});

describe('generated admin token', () => {
  it('is created once into DATA_DIR with mode 0600 and kept across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ghl-bridge-token-'));
    const first = await apiHarness({ adminToken: null, dataDir });
    const path = join(dataDir, ADMIN_TOKEN_FILE);
    const token = readFileSync(path, 'utf8').trim();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect((await first.call('GET', '/api/flows', { token })).status).toBe(200);
    await first.close();

    const second = await apiHarness({ adminToken: null, dataDir });
    expect((await second.call('GET', '/api/flows', { token })).status).toBe(200);
    expect(readFileSync(path, 'utf8').trim()).toBe(token);
    await second.close();
  });

  it('is required with PostgreSQL, and a damaged token file is reported', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ghl-bridge-token-'));
    const postgres = () =>
      loadAdminToken({
        adminToken: undefined,
        dataDir,
        databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      });
    expect(postgres).toThrow(ConfigError);
    expect(postgres).toThrow(/BRIDGE_ADMIN_TOKEN: is required with PostgreSQL/);
    expect(
      loadAdminToken({ adminToken: 'a-long-enough-token', dataDir, databaseUrl: 'postgres://x@127.0.0.1/db' })
        .origin,
    ).toBe('BRIDGE_ADMIN_TOKEN');

    writeFileSync(join(dataDir, ADMIN_TOKEN_FILE), 'short\n');
    expect(() => loadAdminToken({ adminToken: undefined, dataDir, databaseUrl: 'sqlite:x.db' })).toThrow(
      /does not hold an admin token/,
    );
  });

  it('is printed by `ghl-bridge start` only on the start that generates it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ghl-bridge-token-'));
    const first = await startOnce(dataDir);
    const token = readFileSync(join(dataDir, ADMIN_TOKEN_FILE), 'utf8').trim();
    expect(first.stderr).toContain(token);
    expect(first.stdout).not.toContain(token);
    expect(first.stdout).toMatch(/"level":40.*"path":"[^"]*admin\.token".*generated an admin token/);

    const second = await startOnce(dataDir);
    expect(second.stderr + second.stdout).not.toContain(token);
  }, 60_000);
});

/** Starts the bridge, waits until it serves, stops it; returns what it printed. */
async function startOnce(dataDir: string): Promise<{ stdout: string; stderr: string }> {
  const { BRIDGE_ADMIN_TOKEN: _unset, ...env } = process.env;
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { ...env, DATA_DIR: dataDir, DATABASE_URL: `sqlite:${join(dataDir, 'bridge.db')}`, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await waitFor(() => stdout.includes('ghl-bridge is running'), 25_000);
  child.kill('SIGTERM');
  await exited;
  return { stdout, stderr };
}
