import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../src/config/load.ts';
import { type GhlSandbox, startGhlSandbox } from '../../src/sandbox/ghl/index.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createRuntime, type Runtime } from '../../src/server/runtime.ts';
import { waitFor } from '../support/databases.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'ghl-bridge.js');

const flowYaml = (name: string, tag: string) => `name: ${name}
enabled: false
trigger:
  event: ghl.contact-created
  connection: ghl-test
steps:
  - key: tag
    action: ghl.add-tags
    connection: ghl-test
    input:
      contactId: trigger.id
      tags: "['${tag}']"
    onError: stop
    maxAttempts: 1
`;

const badYaml = `name: broken
trigger:
  event: ghl.no-such-trigger
steps:
  - key: tag
    action: ghl.add-tags
    connection: nobody
    input:
      contactId: "trigger.("
`;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `ghl-bridge flows ...` as child processes on one temp database. The database is prepared
 * in-process: a connection to a GHL sandbox and one failed run to list and replay.
 */
describe('`ghl-bridge flows`', () => {
  let dir: string;
  let env: Record<string, string>;
  let sandbox: GhlSandbox;
  let failedRunId: string;

  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  const cli = (...args: string[]): Promise<Outcome> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, 'flows', ...args], {
        env: { ...process.env, ...env },
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
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });

  const openRuntime = async (): Promise<Runtime> =>
    createRuntime(loadConfig({ env: { ...env, LOG_LEVEL: 'silent' } }), createLogger('silent'), {
      queuePollMs: 20,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ghl-bridge-cli-flows-'));
    env = { DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'bridge.db')}`, LOG_LEVEL: 'warn' };
    sandbox = await startGhlSandbox({ port: 0 });
    const runtime = await openRuntime();
    try {
      const connection = await runtime.repos.connections.create({
        name: 'ghl-test',
        connector: 'ghl',
        authType: 'private_token',
        scopes: ['contacts.readonly', 'contacts.write'],
        meta: { locationId: sandbox.defaultLocation.locationId, baseUrl: sandbox.url },
      });
      await runtime.repos.secrets.put(
        connection.id,
        'access_token',
        sandbox.defaultLocation.privateIntegrationToken,
      );
      // A run that fails: its step points at a contact the sandbox does not have.
      const flow = await runtime.flows.save(parseYaml(flowYaml('failing', 'never')));
      const event = await runtime.repos.inbox.add({
        source: 'ghl',
        connectionId: connection.id,
        eventType: 'ContactCreate',
        dedupeKey: 'missing-contact',
        payload: {
          type: 'ContactCreate',
          locationId: sandbox.defaultLocation.locationId,
          id: 'missing-contact',
        },
      });
      await runtime.flows.setEnabled(flow.id, true);
      await runtime.engine.start(1);
      await runtime.engine.dispatch(event!.id);
      const [run] = await waitFor(async () => {
        const runs = await runtime.repos.runs.list({ status: 'failed' });
        return runs.length > 0 ? runs : undefined;
      });
      failedRunId = run!.id;
    } finally {
      await runtime.close({ timeoutMs: 500 });
    }
  });

  afterAll(async () => {
    await sandbox?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports a good document and refuses a bad one with every path, saving nothing', async () => {
    const [good, bad] = await Promise.all([
      cli('import', file('good.yaml', flowYaml('cli-flow', 'cli'))),
      cli('import', file('bad.yaml', badYaml)),
    ]);
    expect(good).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Created flow "cli-flow" \(version 1, disabled\)/),
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bad.yaml was refused; nothing was saved');
    for (const path of [
      'trigger.event',
      'steps[0].connection',
      'steps[0].input.contactId',
      'steps[0].input.tags',
    ]) {
      expect(bad.stderr).toMatch(new RegExp(`^  ${path.replace(/[[\].]/g, '\\$&')}: `, 'm'));
    }
  }, 30_000);

  it('lists, exports, dry-runs and shows runs', async () => {
    const sample = file('sample.json', JSON.stringify({ type: 'ContactCreate', locationId: 'x', id: 'abc' }));
    const [list, exported, tested, runs] = await Promise.all([
      cli('list'),
      cli('export', 'cli-flow', '--yaml'),
      cli('test', 'cli-flow', '--sample', sample),
      cli('runs', '--status', 'failed', '--flow', 'failing'),
    ]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^cli-flow +no +ghl\.contact-created +1 +1 /m);
    expect(list.stdout).not.toContain('broken');

    expect(exported.code).toBe(0);
    expect(parseYaml(exported.stdout)).toEqual(parseYaml(flowYaml('cli-flow', 'cli')));

    expect(tested.code).toBe(0);
    expect(tested.stdout).toContain('Dry run (no writes sent)');
    expect(tested.stdout).toContain('would send: POST /contacts/abc/tags {"tags":["cli"]}');

    expect(runs.code).toBe(0);
    expect(runs.stdout).toMatch(new RegExp(`^${failedRunId} +failing +failed `, 'm'));
  }, 30_000);

  it('switches a flow on, and replays a failed run', async () => {
    const [enabled, replayed] = await Promise.all([cli('enable', 'cli-flow'), cli('replay', failedRunId)]);
    expect(enabled).toMatchObject({ code: 0, stdout: 'Flow "cli-flow" is enabled.\n' });
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toContain(`Run ${failedRunId} of "failing" is queued again`);

    const runtime = await openRuntime();
    try {
      expect((await runtime.repos.flows.get('cli-flow')).enabled).toBe(true);
      expect((await runtime.repos.runs.get(failedRunId))?.status).toBe('running');
      const queued = await runtime.queue.counts();
      expect(queued.queued + queued.retry).toBeGreaterThanOrEqual(1);
    } finally {
      await runtime.close({ timeoutMs: 500 });
    }
  }, 30_000);
});
