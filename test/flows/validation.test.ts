import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFlowText } from '../../src/flows/definition.ts';
import { compile, ExpressionError, evaluate } from '../../src/flows/expressions.ts';
import { validateFlow } from '../../src/flows/validate.ts';
import { ValidationError } from '../../src/kernel/errors.ts';

const context = {
  connectorOf: async (name: string) => ({ 'ghl-main': 'ghl', bridge: 'bridge' })[name],
};

const goodFlow = {
  name: 'Remember tickets',
  trigger: { event: 'ghl.nonexistent-trigger-for-shape-only' },
  steps: [
    {
      key: 'link',
      action: 'bridge.link-records',
      connection: 'bridge',
      input: {
        from: { connection: "'ghl-main'", entity: "'contact'", id: 'trigger.id' },
        to: "{ 'connection': 'bridge', 'entity': 'note', 'id': trigger.id }",
      },
    },
  ],
};

async function issuesOf(document: unknown) {
  try {
    await validateFlow(document, context);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
}

describe('flow validation', () => {
  it('reports every problem with its path in the document', async () => {
    const issues = await issuesOf({
      name: 'Broken',
      trigger: { event: 'gleap.no-such-trigger', connection: 'nowhere' },
      filter: 'trigger.(',
      steps: [
        { key: 'first', action: 'ghl.no-such-action', connection: 'ghl-main', input: {} },
        {
          key: 'first',
          action: 'ghl.create-task',
          connection: 'bridge',
          input: { contactId: 'steps.later.id', colour: "'red'", title: 'trigger.title +' },
        },
      ],
    });
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'trigger.event',
        'trigger.connection',
        'filter',
        'steps[0].action',
        'steps[1].key',
        'steps[1].connection',
        'steps[1].input.colour',
        'steps[1].input.contactId',
        'steps[1].input.title',
        'steps[1].input.dueDate',
      ]),
    );
    expect(issues.find((i) => i.path === 'steps[1].input.dueDate')?.message).toBe(
      'is required but not mapped',
    );
    expect(issues.find((i) => i.path === 'steps[1].input.contactId')?.message).toContain(
      'not an earlier step',
    );
    expect(issues.find((i) => i.path === 'filter')?.message).toMatch(/does not parse/);
  });

  it('checks the shape first, with paths', async () => {
    const issues = await issuesOf({ name: '', trigger: {}, steps: [{ key: 'Bad Key', action: 'x' }] });
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['name', 'trigger.event', 'steps[0].key', 'steps[0].connection']),
    );
  });

  it('parses YAML and JSON, and refuses text that is neither', () => {
    const yaml =
      'name: A\ntrigger:\n  event: ghl.x\nsteps:\n  - key: a\n    action: bridge.link-records\n    connection: bridge\n';
    expect(parseFlowText(yaml).steps[0]?.onError).toBe('retry');
    expect(parseFlowText(JSON.stringify(goodFlow)).name).toBe('Remember tickets');
    expect(() => parseFlowText('name: [unclosed')).toThrow(ValidationError);
  });

  it('accepts or refuses any document with a ValidationError, never anything else', async () => {
    const step = fc.record(
      {
        key: fc.oneof(fc.constantFrom('a', 'b', 'link'), fc.string()),
        action: fc.oneof(
          fc.constantFrom('bridge.link-records', 'bridge.find-linked-record', 'ghl.create-task'),
          fc.string(),
        ),
        connection: fc.oneof(fc.constantFrom('bridge', 'ghl-main'), fc.string()),
        input: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.jsonValue())),
        onError: fc.oneof(fc.constantFrom('retry', 'skip', 'stop'), fc.string()),
      },
      { requiredKeys: [] },
    );
    const document = fc.oneof(
      fc.anything(),
      fc.record(
        {
          name: fc.string(),
          trigger: fc.record({ event: fc.string(), connection: fc.string() }, { requiredKeys: [] }),
          filter: fc.string(),
          steps: fc.array(step, { maxLength: 4 }),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(document, async (doc) => {
        try {
          await validateFlow(doc, context);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).issues.length).toBeGreaterThan(0);
          expect((error as Error).message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('compiles or refuses any expression, and evaluates within bounds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), fc.jsonValue(), async (source, data) => {
        try {
          compile(source);
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
          return;
        }
        await evaluate(source, { trigger: data }).catch((error) =>
          expect(error).toBeInstanceOf(ExpressionError),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('stops a runaway expression', async () => {
    const error = await evaluate('($f := function($n){ $f($n + 1) }; $f(0))', {}).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ExpressionError);
  });
});
