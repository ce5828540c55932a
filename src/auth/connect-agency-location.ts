import { createHttpClient } from '../http/index.ts';
import { ValidationError } from '../kernel/errors.ts';
import type { Connection } from '../store/connections.ts';
import { ACCESS_TOKEN, apiUrlOf, ghlMeta } from './ghl-connection.ts';
import { mintLocationToken, splitScopes } from './ghl-oauth.ts';
import { type OAuthDeps, oauthCredentials } from './oauth-credentials.ts';
import { type SaveConnectionDeps, saveGhlConnection } from './save-connection.ts';

export interface AgencyLocationRequest {
  /** The agency connection (or its name or id). */
  agency: Connection | string;
  locationId: string;
  /** Default `ghl-<locationId>`. */
  name?: string;
}

/**
 * A location connection whose tokens are minted from an agency connection through
 * `/oauth/locationToken`. It holds no refresh token: when its token nears expiry or is refused,
 * a new one is minted (see oauth-credentials.ts), refreshing the agency token if need be.
 */
export async function connectAgencyLocation(
  deps: OAuthDeps & SaveConnectionDeps,
  request: AgencyLocationRequest,
): Promise<Connection> {
  const agency =
    typeof request.agency === 'string' ? await deps.connections.get(request.agency) : request.agency;
  const meta = ghlMeta(agency);
  if (
    agency.connector !== 'ghl' ||
    agency.authType !== 'oauth2' ||
    meta.userType !== 'Company' ||
    !meta.companyId
  ) {
    throw new ValidationError('agency connection', [
      { path: 'from-agency', message: `"${agency.name}" is not a GHL agency (Company) OAuth connection` },
    ]);
  }
  if (!request.locationId.trim()) {
    throw new ValidationError('location', [{ path: 'location', message: 'a location id is required' }]);
  }
  const http = createHttpClient({
    baseUrl: apiUrlOf(agency),
    auth: oauthCredentials(deps, agency),
    timeoutMs: deps.timeoutMs ?? 30_000,
  });
  const minted = await mintLocationToken(http, meta.companyId, request.locationId);
  const locationId = minted.locationId ?? request.locationId;
  return saveGhlConnection(deps, {
    name: request.name ?? `ghl-${locationId}`,
    authType: 'oauth2',
    // GHL states the minted token's scopes; without them, the agency's own minus the agency-only ones.
    scopes: minted.scope
      ? splitScopes(minted.scope)
      : agency.scopes.filter((scope) => !scope.startsWith('oauth.')),
    meta: {
      baseUrl: apiUrlOf(agency),
      userType: 'Location',
      companyId: meta.companyId,
      locationId,
      agencyConnectionId: agency.id,
      ...(minted.userId ? { userId: minted.userId } : {}),
    },
    secrets: [
      { name: ACCESS_TOKEN, value: minted.access_token, expiresAt: Date.now() + minted.expires_in * 1000 },
    ],
  });
}
