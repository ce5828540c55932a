import type { AuthStrategy } from '../http/types.ts';
import { AuthError } from '../kernel/errors.ts';
import type { Connection, ConnectionsRepository } from '../store/connections.ts';
import type { SecretsRepository } from '../store/secrets.ts';
import { reconnectCommand } from './ghl-connection.ts';

export interface StaticCredentialDeps {
  connections: ConnectionsRepository;
  secrets: SecretsRepository;
}

/**
 * Credentials that do not refresh: a GHL Private Integration Token, or API keys.
 * A 401 means they were revoked or rotated: the connection is marked `needs_reauth`
 * (its jobs wait), the call fails with an AuthError that says how to reconnect, and
 * nothing is retried.
 */
export function staticCredentials(
  deps: StaticCredentialDeps,
  connection: Connection,
  headersFrom: (secrets: Record<string, string>) => Record<string, string>,
  secretNames: string[],
): AuthStrategy {
  let cached: Record<string, string> | undefined;
  const hint = `Reconnect it with \`${reconnectCommand(connection)}\`; its queued work waits until then.`;
  return {
    async headers() {
      if (!cached) {
        const values: Record<string, string> = {};
        for (const name of secretNames) {
          const secret = await deps.secrets.get(connection.id, name);
          if (!secret) {
            throw new AuthError(`Connection "${connection.name}" has no stored ${name}.`, {
              connection: connection.name,
              needsReauth: true,
              hint,
            });
          }
          values[name] = secret.value;
        }
        cached = headersFrom(values);
      }
      return cached;
    },
    async onUnauthorized() {
      await deps.connections.update(connection.id, {
        status: 'needs_reauth',
        meta: {
          ...connection.meta,
          reauthReason: 'The API refused its credentials (401): they were revoked, rotated or expired.',
          reauthSince: new Date().toISOString(),
        },
      });
      throw new AuthError(`The API refused the credentials of connection "${connection.name}" (401).`, {
        connection: connection.name,
        needsReauth: true,
        hint,
      });
    },
  };
}

export const bearerFromAccessToken = (secrets: Record<string, string>) => ({
  Authorization: `Bearer ${secrets.access_token}`,
});
