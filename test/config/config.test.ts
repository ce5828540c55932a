import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { ConfigError } from '../../src/kernel/errors.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'ghl-bridge.js');

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.setting);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('uses the embedded defaults when nothing is set', () => {
    const config = loadConfig({ env: {} });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe('sqlite:./data/ghl-bridge.db');
    expect(config.secret).toBeUndefined();
  });

  it('reports every invalid setting at once', () => {
    const env = { PORT: '70000', DATABASE_URL: 'nonsense', WORKER_CONCURRENCY: '0', LOG_LEVEL: 'loud' };
    expect(problemsOf(() => loadConfig({ env }))).toEqual([
      'PORT',
      'DATABASE_URL',
      'LOG_LEVEL',
      'WORKER_CONCURRENCY',
    ]);
  });

  it('never echoes a secret value or database password in the message', () => {
    let message = '';
    try {
      loadConfig({ env: { BRIDGE_SECRET: 'short-secret', DATABASE_URL: 'mysql://admin:hunter2@db/x' } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('BRIDGE_SECRET: must be at least 16 characters long');
    expect(message).not.toContain('short-secret');
    expect(message).not.toContain('hunter2');
  });

  it('requires BRIDGE_SECRET with PostgreSQL so every worker shares the key', () => {
    expect(problemsOf(() => loadConfig({ env: { DATABASE_URL: 'postgres://u@h/db' } }))).toEqual([
      'BRIDGE_SECRET',
    ]);
  });

  it('reads a YAML or JSON file, with the environment winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ghl-bridge-config-'));
    const yamlFile = join(dir, 'bridge.yaml');
    writeFileSync(yamlFile, 'port: 4100\nlogLevel: debug\n');
    expect(loadConfig({ env: {}, file: yamlFile })).toMatchObject({ port: 4100, logLevel: 'debug' });
    expect(loadConfig({ env: { PORT: '4200' }, file: yamlFile }).port).toBe(4200);

    const jsonFile = join(dir, 'bridge.json');
    writeFileSync(jsonFile, JSON.stringify({ prot: 1, port: 'x' }));
    expect(problemsOf(() => loadConfig({ env: {}, file: jsonFile }))).toEqual([
      `prot (in ${jsonFile})`,
      `port (in ${jsonFile})`,
    ]);
    expect(problemsOf(() => loadConfig({ env: {}, file: join(dir, 'missing.yaml') }))).toEqual([
      'BRIDGE_CONFIG',
    ]);
  });

  it('makes `start` print one clear line and exit 1 on a bad DATABASE_URL', () => {
    const result = spawnSync(process.execPath, [BIN, 'start'], {
      env: { ...process.env, DATABASE_URL: 'nonsense' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ghl-bridge: Invalid configuration: DATABASE_URL: must be sqlite:/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
