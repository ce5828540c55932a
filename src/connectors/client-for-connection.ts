import { oauthCredentials } from '../auth/oauth-credentials.ts';
import { bearerFromAccessToken, staticCredentials } from '../auth/static-credentials.ts';
import { createHttpClient, type HttpClient } from '../http/index.ts';
import type { AuthStrategy, HttpRequest, HttpResponse } from '../http/types.ts';
import type { Connection } from '../store/connections.ts';
import { connectionInfo } from './connection-info.ts';
import type { AnyConnector } from './registry.ts';
import type { ConnectorServices } from './services.ts';

/** Collects the writes a dry run would have sent. */
export interface DryRunRecorder {
  record(request: HttpRequest): HttpResponse | undefined;
}

export function authFor(
  services: ConnectorServices,
  connector: AnyConnector,
  connection: Connection,
): AuthStrategy {
  switch (connection.authType) {
    case 'oauth2':
      return oauthCredentials(services, connection);
    case 'none':
      return { headers: async () => ({}) };
    case 'private_token':
      return staticCredentials(services, connection, bearerFromAccessToken, ['access_token']);
    default: {
      const names = connector.secretNames ?? [];
      const headersOf = connector.credentialHeaders;
      if (!headersOf)
        throw new TypeError(`Connector ${connector.key} does not support ${connection.authType} auth.`);
      return staticCredentials(
        services,
        connection,
        (secrets) => headersOf(secrets, connectionInfo(connection)),
        names,
      );
    }
  }
}

/** The layered HTTP client (retry → auth → throttle) for one connection. */
export function clientForConnection(
  services: ConnectorServices,
  connector: AnyConnector,
  connection: Connection,
  dryRun?: DryRunRecorder,
): HttpClient {
  const baseUrl = typeof connection.meta.baseUrl === 'string' ? connection.meta.baseUrl : connector.baseUrl;
  return createHttpClient({
    baseUrl,
    auth: authFor(services, connector, connection),
    rateLimitKey: `${connector.key}:${connector.rateLimitKey(connectionInfo(connection))}`,
    throttle: services.throttleFor(connector.key),
    ...(services.timeoutMs ? { timeoutMs: services.timeoutMs } : {}),
    ...(services.retry
      ? {
          retry: {
            ...(services.retry.baseMs ? { baseDelayMs: services.retry.baseMs } : {}),
            ...(services.retry.maxAttempts ? { maxAttempts: services.retry.maxAttempts } : {}),
          },
        }
      : {}),
    ...(dryRun ? { interceptWrite: (req: HttpRequest) => dryRun.record(req) } : {}),
  });
}
