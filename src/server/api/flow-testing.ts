import type { FlowDocument } from '../../flows/definition.ts';
import { parseFlowText } from '../../flows/definition.ts';
import { type TestRunResult, testFlow } from '../../flows/test-run.ts';
import { validateFlow } from '../../flows/validate.ts';
import type { Runtime } from '../runtime.ts';

type FlowTestDeps = Pick<Runtime, 'repos' | 'services'>;

export interface TestOptions {
  sample?: unknown;
  mode: 'dry-run' | 'live';
}

/** Runs a stored flow on a sample; no run is recorded. Shared by the API and `ghl-bridge flows test`. */
export async function testStoredFlow(
  deps: FlowTestDeps,
  idOrName: string,
  options: TestOptions,
): Promise<TestRunResult> {
  const flow = await deps.repos.flows.get(idOrName);
  return testFlow(deps.services, flow.definition as FlowDocument, options);
}

/** Checks an unsaved flow document exactly as saving would, then runs it on a sample. */
export async function testUnsavedFlow(
  deps: FlowTestDeps,
  document: unknown,
  options: TestOptions,
): Promise<TestRunResult> {
  const flow = await validateFlow(typeof document === 'string' ? parseFlowText(document) : document, {
    connectorOf: async (connection) => (await deps.repos.connections.find(connection))?.connector,
  });
  return testFlow(deps.services, flow, options);
}
