import jsonata, { type Expression } from 'jsonata';

/**
 * JSONata expressions, compiled once and cached. Evaluation is bounded in time and stack
 * depth (JSONata's own guards) so that a user's expression cannot hang or crash a worker.
 */
const cache = new Map<string, Expression>();
const CACHE_LIMIT = 5_000;
const LIMITS = { timeout: 1_000, stack: 300 };

export class ExpressionError extends Error {
  readonly position: number | undefined;

  constructor(message: string, position?: number) {
    super(message);
    this.name = 'ExpressionError';
    this.position = position;
  }
}

export function compile(source: string): Expression {
  const cached = cache.get(source);
  if (cached) return cached;
  let expression: Expression;
  try {
    expression = jsonata(source, LIMITS);
  } catch (error) {
    throw new ExpressionError(`does not parse: ${describe(error)}`, positionOf(error));
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, expression);
  return expression;
}

export async function evaluate(source: string, context: unknown): Promise<unknown> {
  const expression = compile(source);
  try {
    return await expression.evaluate(context);
  } catch (error) {
    throw new ExpressionError(`failed: ${describe(error)}`, positionOf(error));
  }
}

function describe(error: unknown): string {
  const e = error as { message?: string; code?: string; position?: number; value?: unknown };
  if (e.code === 'D1012') return `took longer than ${LIMITS.timeout} ms`;
  if (e.code === 'D1011') return `recursed deeper than ${LIMITS.stack} levels`;
  const where = e.position !== undefined ? ` (at character ${e.position})` : '';
  return `${e.message ?? e.code ?? String(error)}${where}`;
}

function positionOf(error: unknown): number | undefined {
  const position = (error as { position?: unknown }).position;
  return typeof position === 'number' ? position : undefined;
}
