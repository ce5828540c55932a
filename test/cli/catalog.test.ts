import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { connectors } from '../../src/connectors/registry.ts';
import { buildCatalog } from '../../src/flows/catalog.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'ghl-bridge.js');
const run = promisify(execFile);
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

describe('`ghl-bridge catalog`', () => {
  it('prints every action and trigger grouped by connector, with totals', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'catalog']);
    const catalog = buildCatalog();
    for (const connector of connectors) {
      expect(stdout).toContain(
        `${connector.key}: ${connector.title} — ${count(connector.actions.length, 'action')}, ${count(connector.triggers.length, 'trigger')}`,
      );
    }
    for (const entry of catalog.entries) {
      const line = stdout.split('\n').find((l) => l.includes(` ${entry.key} `));
      expect(line, entry.key).toBeDefined();
      expect(line).toContain(entry.title);
      expect(line).toContain(entry.kind === 'trigger' ? `trigger (${entry.triggerKind})` : 'action');
      for (const scope of entry.scopes) expect(line).toContain(scope);
    }
    // Entries print under their own connector's heading.
    const ghlBlock = stdout.slice(stdout.indexOf('ghl: '), stdout.indexOf('\n\n', stdout.indexOf('ghl: ')));
    const ghlKeys = catalog.entries.filter((e) => e.connector === 'ghl').map((e) => e.key);
    for (const key of ghlKeys) expect(ghlBlock).toContain(` ${key} `);
    const actions = catalog.entries.filter((e) => e.kind === 'action').length;
    const triggers = catalog.entries.length - actions;
    expect(stdout).toContain(
      `Total: ${count(actions, 'action')} and ${count(triggers, 'trigger')} in ${count(connectors.length, 'connector')}.`,
    );
  });

  it('prints the whole catalog as JSON with --json', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'catalog', '--json']);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(buildCatalog())));
  });
});
