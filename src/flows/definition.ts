import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { issuesFromZod, ValidationError } from '../kernel/errors.ts';

/**
 * A flow document: a trigger, an optional filter and steps. Every mapping value that is a
 * string is a JSONata expression over `{ trigger, event, steps }`; any other JSON value is
 * taken literally. (A text constant is written as a JSONata string: "'Call back'".)
 */
export const stepKey = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9_]*$/, 'must start with a lower-case letter and hold only letters, digits and _');

export const errorPolicy = z.enum(['retry', 'skip', 'stop']);

export const flowStep = z.object({
  key: stepKey,
  action: z.string().min(1, 'is required'),
  connection: z.string().min(1, 'is required'),
  /** Runs the step only when this expression is true. */
  when: z.string().optional(),
  input: z.record(z.string(), z.unknown()).default({}),
  onError: errorPolicy.default('retry'),
  maxAttempts: z.number().int().min(1).max(20).default(5),
});

export const flowDocument = z.object({
  name: z.string().min(1, 'is required').max(200),
  description: z.string().max(2000).optional(),
  enabled: z.boolean().default(false),
  trigger: z.object({
    /** `connector.trigger`, e.g. `gleap.ticket-created`. */
    event: z.string().min(1, 'is required'),
    /** Only events of this connection (name or id); any connection of the connector when absent. */
    connection: z.string().optional(),
  }),
  /** JSONata; the run goes on only when it is true. */
  filter: z.string().optional(),
  steps: z.array(flowStep).min(1, 'a flow needs at least one step').max(50),
});

export type FlowDocument = z.output<typeof flowDocument>;
export type FlowStep = z.output<typeof flowStep>;

/** Parses JSON or YAML text into a shape-checked flow document; every problem with its path. */
export function parseFlowText(text: string): FlowDocument {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ValidationError('flow document', [
      { path: '', message: `is neither JSON nor YAML: ${(error as Error).message.split('\n')[0]}` },
    ]);
  }
  return parseFlow(data);
}

export function parseFlow(data: unknown): FlowDocument {
  const parsed = flowDocument.safeParse(data);
  if (!parsed.success) throw new ValidationError('flow document', issuesFromZod(parsed.error.issues));
  return parsed.data;
}

export function flowToYaml(flow: FlowDocument): string {
  return stringifyYaml(flow, { lineWidth: 0 });
}
