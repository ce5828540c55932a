import { type AnyConnector, connectors } from '../connectors/registry.ts';
import { fieldsOf, jsonSchemaOf } from '../kernel/fields.ts';

export interface CatalogEntry {
  key: string;
  kind: 'action' | 'trigger';
  connector: string;
  title: string;
  description: string;
  scopes: string[];
  /** For triggers: 'webhook' or 'poll'. */
  triggerKind?: 'webhook' | 'poll';
  events?: string[];
  idempotent?: boolean;
  input?: Record<string, unknown>;
  output: Record<string, unknown>;
  fields?: ReturnType<typeof fieldsOf>;
  sample?: unknown;
}

export interface Catalog {
  connectors: Array<{ key: string; title: string; description: string; actions: number; triggers: number }>;
  entries: CatalogEntry[];
}

/** Every action and trigger of every connector, derived from their definitions. */
export function buildCatalog(list: readonly AnyConnector[] = connectors): Catalog {
  const entries: CatalogEntry[] = [];
  for (const connector of list) {
    for (const action of connector.actions) {
      entries.push({
        key: `${connector.key}.${action.key}`,
        kind: 'action',
        connector: connector.key,
        title: action.title,
        description: action.description,
        scopes: [...action.scopes],
        idempotent: action.idempotent,
        input: jsonSchemaOf(action.input, 'input'),
        output: jsonSchemaOf(action.output, 'output'),
        fields: fieldsOf(action.input),
      });
    }
    for (const trigger of connector.triggers) {
      entries.push({
        key: `${connector.key}.${trigger.key}`,
        kind: 'trigger',
        connector: connector.key,
        title: trigger.title,
        description: trigger.description,
        scopes: [...trigger.scopes],
        triggerKind: trigger.kind,
        ...(trigger.kind === 'webhook' ? { events: [...trigger.events] } : {}),
        output: jsonSchemaOf(trigger.output, 'output'),
        sample: trigger.sample,
      });
    }
  }
  return {
    connectors: list.map((c) => ({
      key: c.key,
      title: c.title,
      description: c.description,
      actions: c.actions.length,
      triggers: c.triggers.length,
    })),
    entries,
  };
}
