import type { ConnectionInfo } from '../kernel/define.ts';
import type { Connection } from '../store/connections.ts';

/** What actions and triggers may know of a connection: never its secrets. */
export function connectionInfo(connection: Connection): ConnectionInfo {
  return {
    id: connection.id,
    name: connection.name,
    connector: connection.connector,
    scopes: connection.scopes,
    meta: connection.meta,
  };
}
