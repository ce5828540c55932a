import { evaluate } from './expressions.ts';

export interface ExpressionContext {
  trigger: unknown;
  event: { id: string; type: string; source: string; receivedAt: string };
  steps: Record<string, unknown>;
}

/**
 * Builds an action's input from a step's mapping: strings are JSONata expressions, other
 * JSON values are literals. A field whose expression yields nothing is left out, so an
 * optional input stays unset rather than becoming null.
 */
export async function mapInput(
  mapping: Record<string, unknown>,
  context: ExpressionContext,
): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(mapping)) {
    const result = typeof value === 'string' ? await evaluate(value, context) : value;
    if (result !== undefined) input[field] = plain(result);
  }
  return input;
}

export async function isTrue(expression: string | undefined, context: ExpressionContext): Promise<boolean> {
  if (expression === undefined) return true;
  return (await evaluate(expression, context)) === true;
}

/** JSONata sequences carry extra properties; actions get plain JSON. */
function plain(value: unknown): unknown {
  return value === null || typeof value !== 'object' ? value : JSON.parse(JSON.stringify(value));
}
