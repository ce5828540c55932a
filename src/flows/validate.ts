import type { z } from 'zod';
import { findAction, findTrigger } from '../connectors/registry.ts';
import { BridgeError, issuesFromZod, ValidationError, type ValidationIssue } from '../kernel/errors.ts';
import { jsonSchemaOf } from '../kernel/fields.ts';
import { type FlowDocument, flowDocument } from './definition.ts';
import { compile, ExpressionError } from './expressions.ts';

export interface FlowCheckContext {
  /** The connector of a connection by id or name, or undefined when there is none. */
  connectorOf(connection: string): Promise<string | undefined>;
}

/**
 * Checks a flow document completely before it is stored: its shape, then every trigger,
 * action, connection, field and expression against the catalog. All problems are reported
 * at once, each with its path in the document.
 */
export async function validateFlow(data: unknown, context: FlowCheckContext): Promise<FlowDocument> {
  const parsed = flowDocument.safeParse(data);
  if (!parsed.success) throw new ValidationError('flow document', issuesFromZod(parsed.error.issues));
  const flow = parsed.data;
  const issues: ValidationIssue[] = [];

  let triggerConnector: string | undefined;
  try {
    triggerConnector = findTrigger(flow.trigger.event).connector.key;
  } catch (error) {
    issues.push({ path: 'trigger.event', message: messageOf(error) });
  }
  if (flow.trigger.connection) {
    const connector = await context.connectorOf(flow.trigger.connection);
    if (!connector)
      issues.push({ path: 'trigger.connection', message: `no connection "${flow.trigger.connection}"` });
    else if (triggerConnector && connector !== triggerConnector) {
      issues.push({
        path: 'trigger.connection',
        message: `"${flow.trigger.connection}" is a ${connector} connection; the trigger needs ${triggerConnector}`,
      });
    }
  }
  checkExpression(flow.filter, 'filter', [], issues);

  const seen: string[] = [];
  for (const [index, step] of flow.steps.entries()) {
    const at = `steps[${index}]`;
    if (seen.includes(step.key))
      issues.push({ path: `${at}.key`, message: `"${step.key}" is used by an earlier step` });
    checkExpression(step.when, `${at}.when`, seen, issues);
    let input: z.ZodType | undefined;
    let actionConnector: string | undefined;
    try {
      const found = findAction(step.action);
      input = found.action.input;
      actionConnector = found.connector.key;
    } catch (error) {
      issues.push({ path: `${at}.action`, message: messageOf(error) });
    }
    const connector = await context.connectorOf(step.connection);
    if (!connector) issues.push({ path: `${at}.connection`, message: `no connection "${step.connection}"` });
    else if (actionConnector && connector !== actionConnector) {
      issues.push({
        path: `${at}.connection`,
        message: `"${step.connection}" is a ${connector} connection; ${step.action} needs ${actionConnector}`,
      });
    }
    if (input) checkInput(step.input, input, `${at}.input`, seen, issues);
    seen.push(step.key);
  }
  if (issues.length > 0) throw new ValidationError('flow document', issues);
  return flow;
}

function checkInput(
  mapping: Record<string, unknown>,
  schema: z.ZodType,
  at: string,
  earlierSteps: string[],
  issues: ValidationIssue[],
): void {
  const json = jsonSchemaOf(schema) as { properties?: Record<string, unknown>; required?: string[] };
  const known = Object.keys(json.properties ?? {});
  for (const [field, value] of Object.entries(mapping)) {
    if (!known.includes(field)) {
      issues.push({
        path: `${at}.${field}`,
        message: `is not an input of this action (inputs: ${known.join(', ') || 'none'})`,
      });
      continue;
    }
    if (typeof value === 'string') checkExpression(value, `${at}.${field}`, earlierSteps, issues);
  }
  for (const field of json.required ?? []) {
    if (!(field in mapping)) issues.push({ path: `${at}.${field}`, message: 'is required but not mapped' });
  }
}

function checkExpression(
  source: string | undefined,
  path: string,
  earlierSteps: string[],
  issues: ValidationIssue[],
): void {
  if (source === undefined) return;
  try {
    compile(source);
  } catch (error) {
    issues.push({
      path,
      message: error instanceof ExpressionError ? `expression ${error.message}` : messageOf(error),
    });
    return;
  }
  for (const match of source.matchAll(/\bsteps\.([A-Za-z_][\w]*)/g)) {
    const name = match[1] as string;
    if (!earlierSteps.includes(name)) {
      issues.push({ path, message: `refers to steps.${name}, which is not an earlier step` });
    }
  }
}

function messageOf(error: unknown): string {
  if (error instanceof BridgeError) return error.message.replace(/\.$/, '');
  return error instanceof Error ? error.message : String(error);
}
