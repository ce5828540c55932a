import { ValidationError } from '../kernel/errors.ts';
import type { Connection } from '../store/connections.ts';
import type { ConnectorServices } from './services.ts';

/**
 * The connection of that name, when it is this app's connection to the same account (a
 * reconnect); refuses a name another connection holds. Checked before the keys are tried.
 */
export async function reconnectable(
  services: ConnectorServices,
  name: string,
  connector: string,
  account: { field: string; value: string },
): Promise<Connection | undefined> {
  const existing = await services.connections.find(name);
  if (existing && (existing.connector !== connector || existing.meta[account.field] !== account.value)) {
    throw new ValidationError('connection name', [
      { path: 'name', message: `"${name}" is already used by another connection; choose another name` },
    ]);
  }
  return existing;
}

/**
 * Saves an API-key connection: a new one, or the keys of an existing one replaced in place
 * (same id, status back to active). A new connection whose keys cannot be stored is removed,
 * so nothing half-written stays behind.
 */
export async function saveApiKeyConnection(
  services: ConnectorServices,
  existing: Connection | undefined,
  input: { name: string; connector: string; meta: Record<string, unknown>; secrets: Record<string, string> },
): Promise<Connection> {
  const meta = { ...existing?.meta, ...input.meta };
  const connection =
    existing ??
    (await services.connections.create({
      name: input.name,
      connector: input.connector,
      authType: 'api_key',
      scopes: [],
      meta,
    }));
  try {
    for (const [name, value] of Object.entries(input.secrets))
      await services.secrets.put(connection.id, name, value);
  } catch (error) {
    if (!existing) {
      await services.secrets.remove(connection.id);
      await services.connections.remove(connection.id);
    }
    throw error;
  }
  if (existing) await services.connections.update(connection.id, { status: 'active', meta });
  return services.connections.get(connection.id);
}
