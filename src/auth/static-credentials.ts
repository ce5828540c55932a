import type { AuthStrategy } from '../http/types.ts';
import { AuthError } from '../kernel/errors.ts';
import type { Connection, ConnectionsRepository } from '../store/connections.ts';
import type { SecretsRepository } from '../store/secrets.ts';

export interface StaticCredentialDeps {
  connections: ConnectionsRepository;
  secrets: SecretsRepository;
}

/**
 * Credentials that do not refresh: a GHL Private Integration Token, or API keys.
 * A 401 means they were revoked or rotated: the connection is marked `needs_reauth`
 * (its jobs wait) and nothing is retried.
 */
export function staticCredentials(
  deps: StaticCredentialDeps,
  connection: Connection,
  headersFrom: (secrets: Record<string, string>) => Record<string, string>,
  secretNames: string[],
): AuthStrategy {
  let cached: Record<string, string> | undefined;
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
              hint: `Reconnect it with \`ghl-bridge connect ${connection.connector} --name ${connection.name}\`.`,
            });
          }
          values[name] = secret.value;
        }
        cached = headersFrom(values);
      }
      return cached;
    },
    async onUnauthorized() {
      await deps.connections.update(connection.id, { status: 'needs_reauth' });
      return false;
    },
  };
}

export const bearerFromAccessToken = (secrets: Record<string, string>) => ({
  Authorization: `Bearer ${secrets.access_token}`,
});
