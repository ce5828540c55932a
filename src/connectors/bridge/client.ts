import type { ClientDeps, LinkStore } from '../../kernel/define.ts';

/** The bridge's own connector talks to no API: its client is the identity map. */
export interface BridgeClient {
  links: LinkStore;
}

export function createBridgeClient({ links, connection }: ClientDeps): BridgeClient {
  if (!links)
    throw new TypeError(
      `Connection "${connection.name}": the identity map is only available through the action runner.`,
    );
  return { links };
}

/** The built-in connection every install has, so flows can use the bridge's actions. */
export const BRIDGE_CONNECTION = 'bridge';
