import { z } from 'zod';
import { createHttpClient, type HttpClient } from '../http/index.ts';
import { ApiError, AuthError, BridgeError } from '../kernel/errors.ts';

/** Where GHL's consent page and API live; the sandbox serves the same paths. */
export const GHL_MARKETPLACE_URL = 'https://marketplace.gohighlevel.com';
export const GHL_API_URL = 'https://services.leadconnectorhq.com';

export const READ_SCOPE = 'contacts.readonly';
export const WRITE_SCOPE = 'contacts.write';
/** An agency token needs this to mint location tokens through `/oauth/locationToken`. */
export const MINT_SCOPE = 'oauth.write';

export type GhlUserType = 'Location' | 'Company';

export const tokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
  refresh_token: z.string().optional(),
  scope: z.string().optional(),
  userType: z.enum(['Location', 'Company']).optional(),
  locationId: z.string().nullish(),
  companyId: z.string().nullish(),
  userId: z.string().optional(),
  approvedLocations: z.array(z.string()).optional(),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

/**
 * Least privilege: reading contacts always; writing only when asked; minting location tokens
 * only for an agency. `extra` adds any other scope the user names.
 */
export function scopesFor(options: { write?: boolean; agency?: boolean; extra?: string[] }): string[] {
  const scopes = new Set([READ_SCOPE]);
  if (options.write) scopes.add(WRITE_SCOPE);
  if (options.agency) scopes.add(MINT_SCOPE);
  for (const scope of options.extra ?? []) scopes.add(scope);
  return [...scopes];
}

export function splitScopes(text: string | undefined | null): string[] {
  return (text ?? '').split(/[\s,]+/).filter(Boolean);
}

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
 * rule for non-idempotent POSTs): the old refresh token may already be spent. GHL refusing the
 * grant (400/401/422) means only a new consent helps: `needsReauth`.
 */
async function postToken(endpoint: TokenEndpoint, form: Record<string, string>): Promise<TokenResponse> {
  const what = form.grant_type === 'refresh_token' ? 'the token refresh' : 'the authorization code';
  const http = createHttpClient({ baseUrl: endpoint.baseUrl, timeoutMs: endpoint.timeoutMs ?? 30_000 });
  try {
    const response = await http.request({
      method: 'POST',
      path: '/oauth/token',
      form: { client_id: endpoint.clientId, client_secret: endpoint.clientSecret, ...form },
      headers: { Accept: 'application/json' },
    });
    return parseTokens(response.data, 'POST /oauth/token');
  } catch (error) {
    if (error instanceof ApiError && [400, 401, 422].includes(error.status)) {
      throw new AuthError(`GHL refused ${what} (${error.status}: ${reason(error)}).`, {
        needsReauth: true,
        cause: error,
      });
    }
    throw unreachable(what, error);
  }
}

export function exchangeCode(
  endpoint: TokenEndpoint,
  code: string,
  redirectUri: string,
  userType: GhlUserType = 'Location',
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
  userType: GhlUserType = 'Location',
): Promise<TokenResponse> {
  return postToken(endpoint, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    user_type: userType,
  });
}

/**
 * An agency (Company) token mints a location token; it comes without a refresh token. `agency`
 * is an HTTP client authenticated as the agency connection, so a 401 refreshes the agency token.
 */
export async function mintLocationToken(
  agency: HttpClient,
  companyId: string,
  locationId: string,
): Promise<TokenResponse> {
  try {
    const response = await agency.request({
      method: 'POST',
      path: '/oauth/locationToken',
      form: { companyId, locationId },
      headers: { Version: '2021-07-28', Accept: 'application/json' },
      // Minting twice only yields two valid tokens: harmless, so it may be retried.
      idempotent: true,
    });
    return parseTokens(response.data, 'POST /oauth/locationToken');
  } catch (error) {
    if (error instanceof ApiError && [400, 401, 403, 422].includes(error.status)) {
      throw new AuthError(
        `GHL refused to mint a token for location ${locationId} (${error.status}: ${reason(error)}).`,
        {
          needsReauth: true,
          cause: error,
          hint: 'Check that the app is installed on that location and the agency granted oauth.write.',
        },
      );
    }
    if (error instanceof AuthError) throw error;
    throw unreachable(`minting a token for location ${locationId}`, error);
  }
}

function parseTokens(data: unknown, where: string): TokenResponse {
  const parsed = tokenResponse.safeParse(data);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => issue.path.join('.') || 'body').join(', ');
  throw new AuthError(`${where} answered without the expected fields (${fields}).`, {
    hint: 'Check that the base URL points at the GHL API.',
  });
}

function reason(error: ApiError): string {
  const body = error.body as { error_description?: unknown; message?: unknown } | undefined;
  const text = body?.error_description ?? body?.message;
  return typeof text === 'string' ? text.slice(0, 200) : 'no reason given';
}

/**
 * The token endpoint failed in a way that says nothing about the grant (no answer, 5xx): the
 * connection stays as it is and the call may be tried again later. Its own class, so that the
 * HTTP layer of the call being authenticated does not take it for that call's network failure.
 */
export class TokenEndpointUnavailable extends AuthError {
  override get retryable(): boolean {
    return true;
  }
}

function unreachable(what: string, error: unknown): Error {
  if (!(error instanceof BridgeError)) return error as Error;
  return new TokenEndpointUnavailable(`Could not complete ${what}: ${error.message}`, { cause: error });
}
