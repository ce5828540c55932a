import { badRequest, GhlError, unauthorized } from './errors.ts';
import type { GhlEvents } from './events.ts';
import { newId, newSecret } from './ids.ts';
import { type AccessToken, ALL_SCOPES, type OAuthApp } from './model.ts';
import type { GhlState } from './state.ts';
import type { TokenService } from './tokens.ts';

export interface TokenRequest {
  client_id: string;
  client_secret: string;
  grant_type: 'authorization_code' | 'refresh_token' | 'client_credentials';
  code?: string;
  refresh_token?: string;
  user_type?: 'Company' | 'Location';
  redirect_uri?: string;
}

const invalidGrant = (what: string) => {
  const message = `Invalid grant: ${what} is invalid`;
  return new GhlError(400, { statusCode: 400, message, error: 'invalid_grant', error_description: message });
};

/**
 * HighLevel's OAuth: consent → code → `/oauth/token` (authorization_code, refresh_token with
 * strictly single-use rotating refresh tokens) and `/oauth/locationToken` for agency tokens.
 */
export class OAuthService {
  constructor(
    private readonly state: GhlState,
    private readonly tokens: TokenService,
    private readonly events: GhlEvents,
  ) {}

  registerApp(input: {
    name?: string;
    redirectUris: string[];
    scopes?: string[];
    webhookUrl?: string;
  }): OAuthApp {
    const appId = newId().toLowerCase().slice(0, 24);
    const app: OAuthApp = {
      clientId: `${appId}-${newId().toLowerCase().slice(0, 8)}`,
      clientSecret: newSecret(16),
      appId,
      versionId: appId,
      name: input.name ?? 'Sandbox App',
      redirectUris: [...input.redirectUris],
      scopes: input.scopes ?? [...ALL_SCOPES],
      ...(input.webhookUrl && { webhookUrl: input.webhookUrl }),
    };
    this.state.apps.set(app.clientId, app);
    return app;
  }

  /** The consent step: checks the request, records the install (INSTALL once) and makes a code. */
  authorize(input: {
    clientId: string;
    redirectUri?: string;
    scope?: string;
    locationId?: string;
    companyId?: string;
    state?: string;
  }): { code: string; redirectUrl: string } {
    const app = this.state.apps.get(input.clientId);
    if (!app) throw badRequest('Invalid client_id');
    const redirectUri = input.redirectUri ?? app.redirectUris[0];
    if (!redirectUri || !app.redirectUris.includes(redirectUri))
      throw badRequest('redirect_uri is not registered for this app');
    const scopes = input.scope ? input.scope.split(/[\s+]+/).filter(Boolean) : [...app.scopes];
    const refused = scopes.filter((scope) => !app.scopes.includes(scope));
    if (refused.length > 0) throw badRequest(`The app may not request these scopes: ${refused.join(' ')}`);
    const location = input.locationId ? this.state.locations.get(input.locationId) : undefined;
    if (input.locationId && !location) throw badRequest('Location not found');
    const companyId = location?.companyId ?? input.companyId;
    if (!companyId || !this.state.companies.has(companyId))
      throw badRequest('Choose a location or an agency');
    const userId = 'sandbox-user';
    const code = this.tokens.issueCode({
      clientId: app.clientId,
      redirectUri,
      companyId,
      scopes,
      userId,
      ...(location && { locationId: location.id }),
    });
    if (this.state.install(app.clientId, location?.id ?? companyId)) {
      this.events.install(app, { companyId, userId, ...(location && { locationId: location.id }) });
    }
    const url = new URL(redirectUri);
    url.searchParams.set('code', code.code);
    if (input.state !== undefined) url.searchParams.set('state', input.state);
    return { code: code.code, redirectUrl: url.toString() };
  }

  token(request: TokenRequest) {
    const app = this.state.apps.get(request.client_id);
    if (!app || app.clientSecret !== request.client_secret) throw unauthorized('Invalid client credentials');
    if (request.grant_type === 'authorization_code') return this.exchangeCode(app, request);
    if (request.grant_type === 'refresh_token') return this.refresh(app, request);
    throw badRequest('grant_type client_credentials is not supported for Marketplace apps');
  }

  private exchangeCode(app: OAuthApp, request: TokenRequest) {
    const code = request.code ? this.tokens.spendCode(request.code) : undefined;
    if (!code || code.clientId !== app.clientId) throw invalidGrant('authorization code');
    if (request.redirect_uri !== undefined && request.redirect_uri !== code.redirectUri) {
      throw badRequest('redirect_uri does not match the one used to authorize');
    }
    const userType = request.user_type ?? (code.locationId ? 'Location' : 'Company');
    if (userType === 'Location' && !code.locationId) {
      throw badRequest(
        'The app was installed on the agency; ask for user_type=Company and use /oauth/locationToken',
      );
    }
    const approvedLocations = code.locationId
      ? [code.locationId]
      : [...this.state.locations.values()].filter((l) => l.companyId === code.companyId).map((l) => l.id);
    return this.grant(app, {
      userType,
      companyId: code.companyId,
      scopes: code.scopes,
      userId: code.userId,
      approvedLocations,
      ...(userType === 'Location' && code.locationId && { locationId: code.locationId }),
    });
  }

  private refresh(app: OAuthApp, request: TokenRequest) {
    const previous = request.refresh_token ? this.tokens.spendRefreshToken(request.refresh_token) : undefined;
    if (!previous || previous.clientId !== app.clientId) throw invalidGrant('refresh token');
    const { token: _token, expiresAt: _expiresAt, clientId: _clientId, ...grant } = previous;
    return this.grant(app, grant);
  }

  private grant(
    app: OAuthApp,
    grant: {
      userType: 'Location' | 'Company';
      companyId: string;
      locationId?: string;
      scopes: string[];
      userId: string;
      approvedLocations: string[];
    },
  ) {
    const access = this.tokens.issueAccessToken({ clientId: app.clientId, ...grant });
    const refresh = this.tokens.issueRefreshToken({ clientId: app.clientId, ...grant });
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: this.tokens.settings.accessTokenTtlSeconds,
      refresh_token: refresh.token,
      scope: grant.scopes.join(' '),
      userType: grant.userType,
      ...(grant.locationId && { locationId: grant.locationId }),
      companyId: grant.companyId,
      ...(grant.userType === 'Company' && {
        approvedLocations: grant.approvedLocations,
        installToFutureLocations: false,
        approveAllLocations: !grant.locationId,
      }),
      userId: grant.userId,
      isBulkInstallation: grant.userType === 'Company',
    };
  }

  /** `/oauth/locationToken`: an agency token mints a location token (no refresh token). */
  locationToken(agency: AccessToken, body: { companyId: string; locationId: string }) {
    if (body.companyId !== agency.companyId) throw badRequest('companyId does not match the token');
    const location = this.state.locations.get(body.locationId);
    if (!location || location.companyId !== agency.companyId) throw badRequest('Location not found');
    const app = agency.clientId ? this.state.apps.get(agency.clientId) : undefined;
    if (!app) throw unauthorized();
    this.state.install(app.clientId, location.id);
    const scopes = agency.scopes.filter((scope) => !scope.startsWith('oauth.'));
    const access = this.tokens.issueAccessToken({
      clientId: app.clientId,
      userType: 'Location',
      companyId: location.companyId,
      locationId: location.id,
      scopes,
      userId: agency.userId,
    });
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: this.tokens.settings.accessTokenTtlSeconds,
      scope: scopes.join(' '),
      locationId: location.id,
      userId: agency.userId,
      appId: app.appId,
      versionId: app.versionId,
    };
  }

  /** Uninstall: tokens of the app on that location (or agency) stop working; UNINSTALL is sent. */
  uninstall(clientId: string, resource: { locationId?: string; companyId?: string }): boolean {
    const app = this.state.apps.get(clientId);
    const location = resource.locationId ? this.state.locations.get(resource.locationId) : undefined;
    const companyId = location?.companyId ?? resource.companyId;
    const resourceId = location?.id ?? companyId;
    if (!app || !companyId || !resourceId || !this.state.installs.delete(`${clientId}|${resourceId}`))
      return false;
    this.tokens.revokeApp(clientId, resourceId);
    this.events.uninstall(app, { companyId, ...(location && { locationId: location.id }) });
    return true;
  }
}
