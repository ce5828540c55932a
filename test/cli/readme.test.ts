import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFileSetting, settings } from '../../src/config/settings.ts';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  it('gives the start and test commands in its first lines', () => {
    const head = readme.split('\n').slice(0, 15).join('\n');
    expect(head).toMatch(/npm install && npm start/);
    expect(head).toMatch(/npm test/);
  });

  it('documents every setting with its default', () => {
    for (const spec of settings) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${spec.env}\``));
      expect(row, `README row for ${spec.env}`).toBeDefined();
      if ('default' in spec) expect(row).toContain(`\`${spec.default}\``);
    }
    expect(readme).toContain(`\`${configFileSetting.env}\``);
  });
});
