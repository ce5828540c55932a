import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { type GhlSandbox, startGhlSandbox } from '../../src/sandbox/ghl/index.ts';
import { buildServer } from '../../src/server/app.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createRuntime } from '../../src/server/runtime.ts';
import { openStore } from '../../src/store/db.ts';
import { waitFor } from '../support/databases.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'ghl-bridge.js');

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('connect, connections and action run as commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ghl-bridge-cli-'));
  let sandbox: GhlSandbox;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    sandbox = await startGhlSandbox({ port: 0 });
    const { DISPLAY: _display, WAYLAND_DISPLAY: _wayland, ...inherited } = process.env;
    env = {
      ...inherited,
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${join(dir, 'bridge.db')}`,
      BRIDGE_SECRET: 'cli-connect-secret-0123456789',
      LOG_LEVEL: 'silent',
      GHL_BASE_URL: sandbox.url,
      GHL_MARKETPLACE_URL: sandbox.url,
    };
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function start(
    args: string[],
    extraEnv: NodeJS.ProcessEnv = {},
  ): { child: ChildProcess; done: Promise<Outcome>; stdout: () => string } {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const done = new Promise<Outcome>((resolve) =>
      child.on('close', (code) => resolve({ code, stdout, stderr })),
    );
    return { child, done, stdout: () => stdout };
  }
  const run = (...args: string[]) => start(args).done;

  it('connects a Private Integration Token after verifying it, and refuses a bad one saving nothing', async () => {
    const { locationId, privateIntegrationToken } = sandbox.defaultLocation;
    const [ok, bad] = await Promise.all([
      run('connect', 'ghl', '--token', privateIntegrationToken, '--location', locationId, '--name', 'demo'),
      run('connect', 'ghl', '--token', 'pit-not-a-real-token', '--location', locationId, '--name', 'bad'),
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`Connected "demo": GHL location ${locationId}`);
    expect(ok.stdout).toContain('contacts.readonly contacts.write');

    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^ghl-bridge: GHL refused the token \(401/);
  });

  it('connects with OAuth in the browser, receiving the redirect on a temporary listener', async () => {
    const port = await freePort();
    const redirectUri = `http://127.0.0.1:${port}/oauth/ghl/callback`;
    const registered = sandbox.admin.registerApp({ name: 'CLI', redirectUris: [redirectUri] });
    const command = start(
      [
        'connect',
        'ghl',
        '--client-id',
        registered.clientId,
        '--redirect-uri',
        redirectUri,
        '--write',
        '--name',
        'browser',
        '--timeout',
        '30',
      ],
      {
        GHL_CLIENT_SECRET: registered.clientSecret,
      },
    );
    const url = await waitFor(() => command.stdout().match(/^(http\S+chooselocation\S+)$/m)?.[1], 20_000);
    await waitFor(() => command.stdout().includes('Waiting for GHL'), 5_000);
    expect(new URL(url).searchParams.get('scope')).toBe('contacts.readonly contacts.write');

    const consent = new URL(url);
    consent.searchParams.set('locationId', sandbox.defaultLocation.locationId);
    consent.searchParams.set('approve', 'true');
    const redirect = await fetch(consent, { redirect: 'manual' });
    const page = await fetch(redirect.headers.get('location') ?? '');
    expect(page.status).toBe(200);

    const outcome = await command.done;
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain(
      `Connected "browser": GHL location ${sandbox.defaultLocation.locationId}`,
    );
    expect(outcome.stdout).not.toContain(registered.clientSecret);
  });

  it('lists connections as a table and as JSON, never with a secret', async () => {
    const [table, json] = await Promise.all([run('connections'), run('connections', '--json')]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+CONNECTOR\s+STATUS\s+AUTH\s+SCOPES\s+LOCATION$/);
    expect(lines.find((line) => line.startsWith('demo'))).toMatch(
      new RegExp(
        `^demo\\s+ghl\\s+active\\s+private token\\s+contacts.readonly contacts.write\\s+${sandbox.defaultLocation.locationId}$`,
      ),
    );
    expect(table.stdout).not.toContain(sandbox.defaultLocation.privateIntegrationToken);

    const rows = JSON.parse(json.stdout) as {
      name: string;
      status: string;
      auth: string;
      locationId: string;
    }[];
    expect(rows.map((row) => row.name)).toEqual(['browser', 'demo']);
    expect(rows.find((row) => row.name === 'browser')).toMatchObject({
      auth: 'oauth',
      scopes: ['contacts.readonly', 'contacts.write'],
    });
    expect(rows.find((row) => row.name === 'demo')).toMatchObject({
      status: 'active',
      auth: 'private token',
      locationId: sandbox.defaultLocation.locationId,
    });
    expect(json.stdout).not.toContain(sandbox.defaultLocation.privateIntegrationToken);
  });

  it('runs an action and prints its result as JSON; bad input is one line and exit 1', async () => {
    const contactId = await createDirectly();
    const [got, broken] = await Promise.all([
      run(
        'action',
        'run',
        'ghl.get-contact',
        '--connection',
        'demo',
        '--input',
        JSON.stringify({ contactId }),
      ),
      run('action', 'run', 'ghl.get-contact', '--connection', 'demo', '--input', '{contactId'),
    ]);
    expect(got.stderr).toBe('');
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ contact: { id: contactId, email: 'cli@example.com' } });

    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^ghl-bridge: Invalid --input: --input: is not valid JSON/);
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
  });

  async function createDirectly(): Promise<string> {
    const response = await fetch(`${sandbox.url}/contacts/`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sandbox.defaultLocation.privateIntegrationToken}`,
        version: '2021-07-28',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ locationId: sandbox.defaultLocation.locationId, email: 'cli@example.com' }),
    });
    return ((await response.json()) as { contact: { id: string } }).contact.id;
  }

  it('doctor names the reconnect command of a connection that needs re-authorization', async () => {
    const { locationId } = sandbox.defaultLocation;
    const store = await openStore(String(env.DATABASE_URL));
    await store.db
      .updateTable('connections')
      .set({ status: 'needs_reauth' })
      .where('name', '=', 'demo')
      .execute();
    await store.close();

    const doctor = await run('doctor');
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(
      `✗ connection demo: ghl: its authorization was refused; its jobs are held, not dropped. Reconnect it with \`ghl-bridge connect ghl --token <new token> --location ${locationId} --name demo\`.`,
    );
  });
  it('waits while the running bridge receives the redirect, when the port is taken by it', async () => {
    const runtime = await createRuntime(loadConfig({ env }), createLogger('silent'));
    const server = await buildServer(runtime);
    try {
      const origin = await server.listen({ port: 0, host: '127.0.0.1' });
      const redirectUri = `${origin}/oauth/ghl/callback`;
      const registered = sandbox.admin.registerApp({ name: 'Server', redirectUris: [redirectUri] });
      const command = start(
        [
          'connect',
          'ghl',
          '--client-id',
          registered.clientId,
          '--redirect-uri',
          redirectUri,
          '--name',
          'served',
          '--timeout',
          '30',
        ],
        {
          GHL_CLIENT_SECRET: registered.clientSecret,
        },
      );
      const url = await waitFor(() => command.stdout().match(/^(http\S+chooselocation\S+)$/m)?.[1], 20_000);
      await waitFor(() => command.stdout().includes(`Waiting for the bridge at ${origin}`), 5_000);
      const consent = new URL(url);
      consent.searchParams.set('locationId', sandbox.defaultLocation.locationId);
      consent.searchParams.set('approve', 'true');
      const redirect = await fetch(consent, { redirect: 'manual' });
      expect((await fetch(redirect.headers.get('location') ?? '')).status).toBe(200);

      const outcome = await command.done;
      expect(outcome.code).toBe(0);
      expect(outcome.stdout).toContain('Connected "served"');
      expect((await runtime.repos.connections.get('served')).scopes).toEqual(['contacts.readonly']);
    } finally {
      await server.close();
      await runtime.close({ timeoutMs: 500 });
    }
  });
});
