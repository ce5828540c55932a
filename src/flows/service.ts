import type { ConnectionsRepository } from '../store/connections.ts';
import type { FlowsRepository, StoredFlow } from '../store/flows.ts';
import { type FlowDocument, flowToYaml, parseFlowText } from './definition.ts';
import { validateFlow } from './validate.ts';

export interface FlowServiceDeps {
  flows: FlowsRepository;
  connections: ConnectionsRepository;
}

/** Saving, importing and exporting flows: nothing is stored unless the whole document checks. */
export function flowService(deps: FlowServiceDeps) {
  const context = {
    connectorOf: async (connection: string) => (await deps.connections.find(connection))?.connector,
  };

  return {
    async save(
      document: unknown,
      options: { id?: string; recipe?: string | null } = {},
    ): Promise<StoredFlow> {
      const flow = await validateFlow(document, context);
      return deps.flows.save({
        ...(options.id ? { id: options.id } : {}),
        name: flow.name,
        enabled: flow.enabled,
        definition: flow,
        ...(options.recipe !== undefined ? { recipe: options.recipe } : {}),
      });
    },

    /** JSON or YAML text. */
    async importText(text: string): Promise<StoredFlow> {
      return this.save(parseFlowText(text));
    },

    async export(idOrName: string, format: 'json' | 'yaml'): Promise<string> {
      const flow = await deps.flows.get(idOrName);
      const document = { ...(flow.definition as FlowDocument), enabled: flow.enabled };
      return format === 'yaml' ? flowToYaml(document) : `${JSON.stringify(document, null, 2)}\n`;
    },

    async setEnabled(idOrName: string, enabled: boolean): Promise<StoredFlow> {
      const flow = await deps.flows.get(idOrName);
      // Re-checked on enabling: a connection it uses may have been removed since it was saved.
      if (enabled) await validateFlow({ ...flow.definition, enabled }, context);
      await deps.flows.save({
        id: flow.id,
        name: flow.name,
        enabled,
        definition: { ...flow.definition, enabled },
      });
      return deps.flows.get(flow.id);
    },
  };
}

export type FlowService = ReturnType<typeof flowService>;
