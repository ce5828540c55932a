import { Command } from 'commander';
import { ghlMeta } from '../../auth/ghl-connection.ts';
import type { Connection } from '../../store/connections.ts';
import { openBridgeStore } from '../bridge-store.ts';
import { configFrom, runAction } from '../run.ts';

/** `ghl-bridge connections`: what is connected, never a secret. */
export function connectionsCommand(): Command {
  return new Command('connections')
    .description('List the connections: name, connector, status, auth type, scopes, location. Never secrets.')
    .option('--json', 'print them as JSON')
    .action(
      runAction(async (options: { json?: boolean }, command: Command) => {
        const bridge = await openBridgeStore(configFrom(command));
        try {
          const connections = await bridge.connections.list();
          const names = new Map(connections.map((c) => [c.id, c.name]));
          const rows = connections.map((connection) => summarize(connection, names));
          if (options.json) {
            process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          } else if (rows.length === 0) {
            process.stdout.write('No connections yet. Add one with `ghl-bridge connect ghl`.\n');
          } else {
            process.stdout.write(table(rows));
          }
        } finally {
          await bridge.close();
        }
      }),
    );
}

interface ConnectionSummary {
  name: string;
  connector: string;
  status: string;
  auth: string;
  scopes: string[];
  locationId: string | null;
  companyId: string | null;
  baseUrl: string | null;
  reauthReason: string | null;
  createdAt: string;
  updatedAt: string;
}

function summarize(connection: Connection, names: Map<string, string>): ConnectionSummary {
  const meta = ghlMeta(connection);
  return {
    name: connection.name,
    connector: connection.connector,
    status: connection.status,
    auth: authOf(connection, names),
    scopes: connection.scopes,
    locationId: meta.locationId ?? null,
    companyId: meta.companyId ?? null,
    baseUrl: meta.baseUrl ?? null,
    reauthReason: connection.status === 'needs_reauth' ? (meta.reauthReason ?? null) : null,
    createdAt: new Date(connection.createdAt).toISOString(),
    updatedAt: new Date(connection.updatedAt).toISOString(),
  };
}

function authOf(connection: Connection, names: Map<string, string>): string {
  const meta = ghlMeta(connection);
  if (connection.authType === 'private_token') return 'private token';
  if (connection.authType !== 'oauth2') return connection.authType;
  if (meta.agencyConnectionId) return `oauth via ${names.get(meta.agencyConnectionId) ?? 'removed agency'}`;
  return meta.userType === 'Company' ? 'oauth agency' : 'oauth';
}

function table(rows: ConnectionSummary[]): string {
  const header = ['NAME', 'CONNECTOR', 'STATUS', 'AUTH', 'SCOPES', 'LOCATION'];
  const lines = rows.map((row) => [
    row.name,
    row.connector,
    row.status.replace('_', ' '),
    row.auth,
    row.scopes.join(' ') || '-',
    row.locationId ?? (row.companyId ? `agency ${row.companyId}` : '-'),
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...lines.map((line) => line[i]?.length ?? 0)),
  );
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[header, ...lines].map(format).join('\n')}\n`;
}
