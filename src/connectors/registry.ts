import type { ActionDefinition, ConnectorDefinition, TriggerDefinition } from '../kernel/define.ts';
import { NotFoundError } from '../kernel/errors.ts';
import { bridgeConnector } from './bridge/index.ts';
import { ghlConnector } from './ghl/index.ts';
import { gleantapConnector } from './gleantap/index.ts';
import { gleapConnector } from './gleap/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: a registry holds connectors of every client type
export type AnyConnector = Readonly<ConnectorDefinition<any>>;
// biome-ignore lint/suspicious/noExplicitAny: actions of every schema and client
export type AnyAction = Readonly<ActionDefinition<any, any, any>>;

export const connectors: readonly AnyConnector[] = [
  ghlConnector,
  gleapConnector,
  gleantapConnector,
  bridgeConnector,
];

export function getConnector(key: string): AnyConnector {
  const connector = connectors.find((c) => c.key === key);
  if (!connector) {
    throw new NotFoundError(`No connector "${key}".`, {
      hint: `Known connectors: ${connectors.map((c) => c.key).join(', ')}.`,
    });
  }
  return connector;
}

/** `ghl.get-contact` → the GHL connector and its action. */
export function findAction(fullKey: string): { connector: AnyConnector; action: AnyAction } {
  const [connectorKey, actionKey] = splitKey(fullKey);
  const connector = getConnector(connectorKey);
  const action = connector.actions.find((a) => a.key === actionKey);
  if (!action) {
    throw new NotFoundError(`No action "${fullKey}".`, {
      hint: 'Run `ghl-bridge catalog` to list every action.',
    });
  }
  return { connector, action };
}

export function findTrigger(fullKey: string): { connector: AnyConnector; trigger: TriggerDefinition } {
  const [connectorKey, triggerKey] = splitKey(fullKey);
  const connector = getConnector(connectorKey);
  const trigger = connector.triggers.find((t) => t.key === triggerKey);
  if (!trigger) {
    throw new NotFoundError(`No trigger "${fullKey}".`, {
      hint: 'Run `ghl-bridge catalog` to list every trigger.',
    });
  }
  return { connector, trigger };
}

function splitKey(fullKey: string): [string, string] {
  const dot = fullKey.indexOf('.');
  if (dot <= 0)
    throw new NotFoundError(
      `"${fullKey}" is not a connector key: write it as connector.key, e.g. ghl.get-contact.`,
    );
  return [fullKey.slice(0, dot), fullKey.slice(dot + 1)];
}
