import { createHmac, randomUUID } from 'node:crypto';
import { fingerprint, newId, newSecret } from './ids.ts';
import type { AccessToken, AuthorizationCode, Location, RefreshToken } from './model.ts';
import type { GhlState } from './state.ts';

const YEAR_MS = 365 * 86_400_000;
const CODE_TTL_MS = 10 * 60_000;

export interface TokenSettings {
  /** Lifetime of OAuth access tokens (HighLevel: 86399 s). */
  accessTokenTtlSeconds: number;
}

/**
 * Issues and checks every credential: Private Integration Tokens, OAuth access tokens
 * (JWT-shaped, like HighLevel's), single-use rotating refresh tokens and auth codes.
 */
export class TokenService {
  private readonly jwtKey = newSecret(32);

  constructor(
    private readonly state: GhlState,
    readonly settings: TokenSettings,
  ) {}

  createPit(location: Location, scopes: string[], token = `pit-${randomUUID()}`): AccessToken {
    const record: AccessToken = {
      token,
      kind: 'pit',
      userType: 'Location',
      companyId: location.companyId,
      locationId: location.id,
      scopes: [...scopes],
      userId: 'sandbox-user',
      label: `pit:${fingerprint(token)}`,
    };
    this.state.accessTokens.set(token, record);
    return record;
  }

  issueAccessToken(grant: {
    clientId: string;
    userType: 'Location' | 'Company';
    companyId: string;
    locationId?: string;
    scopes: string[];
    userId: string;
  }): AccessToken {
    const now = Date.now();
    const expiresAt = now + this.settings.accessTokenTtlSeconds * 1000;
    const token = this.jwt({
      authClass: grant.userType,
      authClassId: grant.locationId ?? grant.companyId,
      source: 'INTEGRATION',
      sourceId: grant.clientId,
      channel: 'OAUTH',
      primaryAuthClassId: grant.locationId ?? grant.companyId,
      oauthMeta: {
        scopes: grant.scopes,
        client: grant.clientId.split('-')[0],
        versionId: grant.clientId.split('-')[0],
      },
      iat: Math.floor(now / 1000),
      exp: Math.floor(expiresAt / 1000),
      jti: newId(),
    });
    const record: AccessToken = {
      token,
      kind: 'access',
      userType: grant.userType,
      companyId: grant.companyId,
      scopes: [...grant.scopes],
      userId: grant.userId,
      clientId: grant.clientId,
      expiresAt,
      label: `oauth:${fingerprint(token)}`,
      ...(grant.locationId !== undefined && { locationId: grant.locationId }),
    };
    this.state.accessTokens.set(token, record);
    return record;
  }

  issueRefreshToken(grant: Omit<RefreshToken, 'token' | 'expiresAt'>): RefreshToken {
    const record: RefreshToken = {
      ...grant,
      token: this.jwt({ jti: newId(), kind: 'refresh' }),
      expiresAt: Date.now() + YEAR_MS,
    };
    this.state.refreshTokens.set(record.token, record);
    return record;
  }

  issueCode(grant: Omit<AuthorizationCode, 'code' | 'expiresAt'>): AuthorizationCode {
    const record: AuthorizationCode = { ...grant, code: newSecret(20), expiresAt: Date.now() + CODE_TTL_MS };
    this.state.codes.set(record.code, record);
    return record;
  }

  /** Takes a refresh token out of circulation: each one is usable exactly once. */
  spendRefreshToken(token: string): RefreshToken | undefined {
    const record = this.state.refreshTokens.get(token);
    if (!record) return undefined;
    this.state.refreshTokens.delete(token);
    return record.expiresAt > Date.now() ? record : undefined;
  }

  spendCode(code: string): AuthorizationCode | undefined {
    const record = this.state.codes.get(code);
    if (!record) return undefined;
    this.state.codes.delete(code);
    return record.expiresAt > Date.now() ? record : undefined;
  }

  /** Makes every OAuth access token of a location (or company) expire now; PITs do not expire. */
  expireAccessTokens(resourceId: string): number {
    let count = 0;
    const now = Date.now();
    for (const record of this.state.accessTokens.values()) {
      if (record.kind !== 'access') continue;
      if (
        record.locationId !== resourceId &&
        !(record.userType === 'Company' && record.companyId === resourceId)
      ) {
        continue;
      }
      record.expiresAt = now - 1;
      count++;
    }
    return count;
  }

  /** Revokes every token of an app on a location or company (uninstall). */
  revokeApp(clientId: string, resourceId: string): void {
    for (const [token, record] of this.state.accessTokens) {
      if (
        record.clientId === clientId &&
        (record.locationId === resourceId || record.companyId === resourceId)
      ) {
        this.state.accessTokens.delete(token);
      }
    }
    for (const [token, record] of this.state.refreshTokens) {
      if (
        record.clientId === clientId &&
        (record.locationId === resourceId || record.companyId === resourceId)
      ) {
        this.state.refreshTokens.delete(token);
      }
    }
  }

  private jwt(payload: Record<string, unknown>): string {
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = base64url(JSON.stringify(payload));
    const signature = createHmac('sha256', this.jwtKey).update(`${header}.${body}`).digest('base64url');
    return `${header}.${body}.${signature}`;
  }
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
