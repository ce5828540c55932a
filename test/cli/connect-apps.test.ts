import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GleantapSandbox, startGleantapSandbox } from '../../src/sandbox/gleantap/index.ts';
import { type GleapSandbox, startGleapSandbox } from '../../src/sandbox/gleap/index.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'ghl-bridge.js');
const PUBLIC_URL = 'https://bridge.example.test';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Each command is a fresh Node process (about 2 s to start under load), several per test.
describe('connect gleap and connect gleantap as commands', { timeout: 90_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ghl-bridge-cli-apps-'));
  let gleap: GleapSandbox;
  let gleantap: GleantapSandbox;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    [gleap, gleantap] = await Promise.all([
      startGleapSandbox({ port: 0 }),
      startGleantapSandbox({ port: 0 }),
    ]);
    // Keys of the developer's own shell must not leak into the commands under test.
    const { GLEAP_API_KEY: _a, GLEANTAP_API_KEY: _b, GLEANTAP_SECRET_KEY: _c, ...inherited } = process.env;
    env = {
      ...inherited,
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${join(dir, 'bridge.db')}`,
      BRIDGE_SECRET: 'cli-connect-apps-secret-0123456789',
      LOG_LEVEL: 'silent',
      PUBLIC_URL,
    };
  });
  afterAll(async () => {
    await Promise.all([gleap.close(), gleantap.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  function run(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Outcome> {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdin.end(options.stdin ?? '');
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  }

  async function connectionNames(): Promise<string[]> {
    const listed = await run(['connections', '--json']);
    expect(listed.code).toBe(0);
    return (JSON.parse(listed.stdout) as { name: string }[]).map((row) => row.name);
  }

  /** The database files as bytes, WAL included, to look for a secret in clear text. */
  function databaseBytes(): string {
    return readdirSync(dir)
      .filter((file) => file.startsWith('bridge.db'))
      .map((file) => readFileSync(join(dir, file)).toString('latin1'))
      .join('');
  }

  const webhookUrl = (stdout: string) =>
    stdout.match(new RegExp(`^${PUBLIC_URL}/webhooks/gleap/[^/\\s]+/([A-Za-z0-9_-]{43})$`, 'm'));

  it('connects Gleap with the key on standard input and prints the webhook URL once', async () => {
    const project = gleap.admin.createProject();
    const ok = await run(['connect', 'gleap', '--project', project.projectId, '--base-url', gleap.url], {
      stdin: `${project.apiKey}\n`,
    });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`Connected "gleap": Gleap project ${project.projectId}`);
    expect(ok.stdout).toContain('ticket.created and ticket.updated');
    expect(ok.stdout).toContain('shown only now');
    const url = webhookUrl(ok.stdout);
    expect(url).not.toBeNull();
    const secret = url?.[1] as string;
    // The secret is on the URL line and nowhere else; the API key is nowhere.
    expect(ok.stdout.split('\n').filter((line) => line.includes(secret))).toEqual([url?.[0]]);
    expect(ok.stdout).not.toContain(project.apiKey);
    expect(databaseBytes()).not.toContain(project.apiKey);
    expect(databaseBytes()).not.toContain(secret);

    // Same name and project: the key is replaced in place and the URL is not printed again.
    const again = await run(['connect', 'gleap', '--project', project.projectId, '--base-url', gleap.url], {
      env: { GLEAP_API_KEY: project.apiKey },
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Reconnected "gleap"');
    expect(again.stdout).toContain('replaced in place');
    expect(again.stdout).not.toContain(secret);

    const rotated = await run(['connect', 'gleap', '--rotate-webhook-secret']);
    expect(rotated.code).toBe(0);
    const next = webhookUrl(rotated.stdout);
    expect(next?.[1]).toBeDefined();
    expect(next?.[1]).not.toBe(secret);
    expect(databaseBytes()).not.toContain(next?.[1]);
  });

  it('refuses a bad Gleap key, a key of another project, a key as a flag and a name taken, saving nothing', async () => {
    const [first, second] = [gleap.admin.createProject(), gleap.admin.createProject()];
    const connect = (name: string, projectId: string, key: string) =>
      run(['connect', 'gleap', '--name', name, '--project', projectId, '--base-url', gleap.url], {
        env: { GLEAP_API_KEY: key },
      });
    const [bad, foreign, flag, taken] = await Promise.all([
      connect('bad-key', first.projectId, 'not-the-key'),
      connect('foreign', second.projectId, first.apiKey),
      run(['connect', 'gleap', '--name', 'flag', '--project', first.projectId, '--api-key', first.apiKey]),
      connect('gleap', second.projectId, second.apiKey),
    ]);
    for (const outcome of [bad, foreign, flag, taken]) {
      expect(outcome.code).toBe(1);
      expect(outcome.stdout).toBe('');
      expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(bad.stderr).toMatch(/^ghl-bridge: Gleap refused the API key\. .*Nothing was saved\./);
    expect(foreign.stderr).toContain(`does not belong to Gleap project ${second.projectId}`);
    expect(flag.stderr).toContain('--api-key: takes only "-"');
    expect(flag.stderr).not.toContain(first.apiKey);
    expect(taken.stderr).toContain('"gleap" is already used by another connection');
    const names = await connectionNames();
    for (const name of ['bad-key', 'foreign', 'flag']) expect(names).not.toContain(name);
  });

  it('connects Gleantap with two lines on standard input or the environment, and refuses bad keys', async () => {
    const account = gleantap.admin.createAccount();
    const args = ['connect', 'gleantap', '--app-id', account.appId, '--base-url', gleantap.url];
    const ok = await run([...args, '--timezone', 'America/Chicago'], {
      stdin: `${account.apiKey}\n${account.secretKey}\n`,
    });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(
      `Connected "gleantap": Gleantap app ${account.appId}; keys checked and stored encrypted; updated_since read in America/Chicago.\n`,
    );
    expect(databaseBytes()).not.toContain(account.apiKey);
    expect(databaseBytes()).not.toContain(account.secretKey);

    const [again, bad, oneLine] = await Promise.all([
      run(args, { env: { GLEANTAP_API_KEY: account.apiKey, GLEANTAP_SECRET_KEY: account.secretKey } }),
      run([...args, '--name', 'gleantap-bad'], { stdin: `${account.apiKey}\nnot-the-secret\n` }),
      run([...args, '--name', 'gleantap-one-line'], { stdin: `${account.apiKey}\n` }),
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Reconnected "gleantap"');
    expect(again.stdout).toContain('replaced in place');

    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(
      /^ghl-bridge: Gleantap refused the API key, secret key or app_id .*Nothing was saved\./,
    );
    expect(bad.stderr).not.toContain('not-the-secret');

    expect(oneLine.code).toBe(1);
    expect(oneLine.stderr).toContain('expected the API key then the secret key, one a line; got 1 line(s)');
    expect(oneLine.stderr).not.toContain(account.apiKey);

    const names = await connectionNames();
    expect(names).toContain('gleantap');
    expect(names).not.toContain('gleantap-bad');
    expect(names).not.toContain('gleantap-one-line');
  });
});
