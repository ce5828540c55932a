import { z } from 'zod';
import { createHttpClient } from '../http/index.ts';
import { ApiError, AuthError } from '../kernel/errors.ts';

/** Where GHL's consent page lives; the sandbox serves the same paths. */
export const GHL_MARKETPLACE_URL = 'https://marketplace.gohighlevel.com';

export const tokenResponse = z.looseObject({
  access_token: z.string(),
  token_type: z.string().optional(),
  expires_in: z.number(),
  refresh_token: z.string().optional(),
  scope: z.string().optional(),
  userType: z.string().optional(),
  locationId: z.string().nullish(),
  companyId: z.string().nullish(),
  userId: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

export interface AuthorizeUrlOptions {
  marketplaceUrl?: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
}

/** The consent URL, asking only for the scopes the user's flows need. */
export function authorizeUrl(options: AuthorizeUrlOptions): string {
  const url = new URL('/v2/oauth/chooselocation', options.marketplaceUrl ?? GHL_MARKETPLACE_URL);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('scope', options.scopes.join(' '));
  url.searchParams.set('state', options.state);
  return url.toString();
}

export interface TokenEndpoint {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
}

/**
 * POST /oauth/token. A refresh is not repeated after an ambiguous failure (the HTTP layer's
 * rule for non-idempotent POSTs): the old refresh token may already be spent.
 */
async function postToken(endpoint: TokenEndpoint, form: Record<string, string>): Promise<TokenResponse> {
  const http = createHttpClient({ baseUrl: endpoint.baseUrl, timeoutMs: endpoint.timeoutMs ?? 30_000 });
  try {
    const response = await http.request({
      method: 'POST',
      path: '/oauth/token',
      form: { client_id: endpoint.clientId, client_secret: endpoint.clientSecret, ...form },
      headers: { Accept: 'application/json' },
    });
    return tokenResponse.parse(response.data);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 400 || error.status === 401 || error.status === 422)) {
      throw new AuthError(
        `GHL refused the ${form.grant_type === 'refresh_token' ? 'token refresh' : 'authorization code'} (${error.status}).`,
        {
          needsReauth: true,
          cause: error,
          hint: 'Connect the location again to grant access.',
        },
      );
    }
    throw error;
  }
}

export function exchangeCode(
  endpoint: TokenEndpoint,
  code: string,
  redirectUri: string,
  userType: 'Location' | 'Company' = 'Location',
): Promise<TokenResponse> {
  return postToken(endpoint, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    user_type: userType,
  });
}

export function refreshTokens(
  endpoint: TokenEndpoint,
  refreshToken: string,
  userType: 'Location' | 'Company' = 'Location',
): Promise<TokenResponse> {
  return postToken(endpoint, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    user_type: userType,
  });
}

/** An agency (Company) token mints a location token; it comes without a refresh token. */
export async function mintLocationToken(
  baseUrl: string,
  agencyToken: string,
  companyId: string,
  locationId: string,
): Promise<TokenResponse> {
  const http = createHttpClient({ baseUrl });
  try {
    const response = await http.request({
      method: 'POST',
      path: '/oauth/locationToken',
      form: { companyId, locationId },
      headers: { Authorization: `Bearer ${agencyToken}`, Version: '2021-07-28', Accept: 'application/json' },
    });
    return tokenResponse.parse(response.data);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 400 || error.status === 401 || error.status === 403)) {
      throw new AuthError(`GHL refused to mint a token for location ${locationId} (${error.status}).`, {
        needsReauth: true,
        cause: error,
        hint: 'Check that the app is installed on the location, or reconnect the agency.',
      });
    }
    throw error;
  }
}
