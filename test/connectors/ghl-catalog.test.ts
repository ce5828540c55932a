import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ghlConnector } from '../../src/connectors/ghl/index.ts';
import { ghlOperations } from '../../src/connectors/ghl/operations.ts';
import { fieldsOf } from '../../src/kernel/fields.ts';

const actions = ghlConnector.actions;
const docs = readFileSync(new URL('../../docs/ghl-actions.md', import.meta.url), 'utf8');
/** The cells of each table row, trimmed (the formatter pads them). */
const rows = docs
  .split('\n')
  .filter((line) => line.startsWith('|'))
  .map((line) => line.split('|').map((cell) => cell.trim()));
/** Action keys are lower case; the spec spells this one operationId with a capital. */
const keyOf = (operationId: string) => operationId.replace('businessId', 'business-id');

describe('the GHL action catalog', () => {
  it('has one action per operation of the spec, needing the operation’s scope', () => {
    for (const [operationId, operation] of Object.entries(ghlOperations)) {
      const action = actions.find((a) => a.key === keyOf(operationId));
      expect(action, operationId).toBeDefined();
      expect(action?.scopes).toContain(operation.scope);
    }
    expect(actions.map((a) => a.key)).toEqual(
      expect.arrayContaining(['find-or-create-contact', 'contact-snapshot', 'list-custom-fields']),
    );
    expect(actions).toHaveLength(Object.keys(ghlOperations).length + 3);
  });

  it('gives every action a title, a plain description and a form a UI can draw', () => {
    for (const action of actions) {
      expect(action.title.length, action.key).toBeGreaterThan(3);
      expect(action.description.length, action.key).toBeGreaterThan(20);
      expect(action.description, action.key).not.toMatch(/TODO|operationId/);
      expect(() => fieldsOf(action.input), action.key).not.toThrow();
    }
    const fields = fieldsOf(actions.find((a) => a.key === 'create-contact')?.input as never);
    expect(fields.map((f) => f.key)).toEqual(expect.arrayContaining(['email', 'customFields', 'tags']));
    expect(fields.map((f) => f.key)).not.toContain('locationId');
  });

  it('docs/ghl-actions.md lists each action with its scope and whether it is idempotent', () => {
    for (const action of actions) {
      const cells = rows.find((row) => row[1] === `\`${action.key}\``);
      expect(cells, action.key).toBeDefined();
      if (!cells) continue;
      expect(cells[2], action.key).toBe(action.title);
      expect(cells[3], action.key).toBe(action.scopes.map((s) => `\`${s}\``).join(', '));
      expect(cells[4], action.key).toBe(action.idempotent ? 'yes' : 'no');
    }
  });
});
