import { type RecordedRequest, recordWrites } from '../connectors/dry-run.ts';
import { findTrigger } from '../connectors/registry.ts';
import { runAction } from '../connectors/run-action.ts';
import type { ConnectorServices } from '../connectors/services.ts';
import type { FlowDocument } from './definition.ts';
import { type ExpressionContext, isTrue, mapInput } from './mapping.ts';
import { redact } from './redact.ts';

export type { RecordedRequest } from '../connectors/dry-run.ts';

export interface TestStepResult {
  key: string;
  action: string;
  status: 'would-run' | 'succeeded' | 'skipped' | 'failed';
  input?: unknown;
  /** In a dry run: the writes the step would have sent (reads are sent for real). */
  requests: RecordedRequest[];
  output?: unknown;
  error?: string;
}

export interface TestRunResult {
  mode: 'dry-run' | 'live';
  filterPassed: boolean;
  steps: TestStepResult[];
}

/**
 * Runs a flow on a sample payload — the trigger's own sample or one the user pastes —
 * without recording a run. A dry run sends reads but only records writes; a live run sends
 * everything (meant for sandbox connections). Stops at the first failing step.
 */
export async function testFlow(
  services: ConnectorServices,
  flow: FlowDocument,
  options: { sample?: unknown; mode: 'dry-run' | 'live' },
): Promise<TestRunResult> {
  const trigger = options.sample ?? findTrigger(flow.trigger.event).trigger.sample;
  const [connectorKey, eventKey] = flow.trigger.event.split('.');
  const context: ExpressionContext = {
    trigger,
    event: {
      id: 'test',
      type: eventKey ?? '',
      source: connectorKey ?? '',
      receivedAt: new Date().toISOString(),
    },
    steps: {},
  };
  const result: TestRunResult = {
    mode: options.mode,
    filterPassed: await isTrue(flow.filter, context),
    steps: [],
  };
  if (!result.filterPassed) return result;

  for (const step of flow.steps) {
    const entry: TestStepResult = { key: step.key, action: step.action, status: 'would-run', requests: [] };
    result.steps.push(entry);
    try {
      if (!(await isTrue(step.when, context))) {
        entry.status = 'skipped';
        continue;
      }
      const input = await mapInput(step.input, context);
      entry.input = redact(input);
      // A dry run sends reads and records writes (bodies redacted) into this step's entry.
      const writes = options.mode === 'dry-run' ? recordWrites(redact) : undefined;
      if (writes) entry.requests = writes.requests;
      const recorder = writes?.recorder;
      const output = await runAction(services, {
        action: step.action,
        connection: step.connection,
        input,
        idempotencyKey: `test:${step.key}`,
        ...(recorder ? { dryRun: recorder } : {}),
      });
      if (options.mode === 'live') {
        entry.status = 'succeeded';
        entry.output = redact(output);
        context.steps[step.key] = output;
      }
    } catch (error) {
      entry.status = 'failed';
      entry.error = error instanceof Error ? error.message : String(error);
      break;
    }
  }
  return result;
}
