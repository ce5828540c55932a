import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPrivateToken } from '../../src/auth/connect-private-token.ts';
import { ACCESS_TOKEN } from '../../src/auth/ghl-connection.ts';
import { AuthError, ValidationError } from '../../src/kernel/errors.ts';
import { type OAuthFixture, oauthFixture } from './oauth-fixture.ts';

describe('Private Integration Token connections', () => {
  let f: OAuthFixture;

  beforeAll(async () => {
    f = await oauthFixture();
  });
  afterAll(async () => {
    await f.close();
  });

  const connect = (token: string, extra: { name?: string; scopes?: string[]; locationId?: string } = {}) =>
    connectPrivateToken(f.deps, {
      token,
      locationId: extra.locationId ?? f.locationId,
      baseUrl: f.sandbox.url,
      ...extra,
    });

  const rowCounts = async () => {
    const { rows } = await sql<{ connections: number; secrets: number }>`
      select (select count(*) from connections) as connections,
             (select count(*) from secrets where owner <> 'system') as secrets`.execute(f.store.db);
    return rows[0];
  };

  it('verifies the token with one read, detects write access, and stores the token encrypted', async () => {
    const { connection, detected } = await connect(f.sandbox.defaultLocation.privateIntegrationToken, {
      name: 'pit',
    });
    expect(detected).toBe(true);
    expect(connection).toMatchObject({
      authType: 'private_token',
      status: 'active',
      scopes: ['contacts.readonly', 'contacts.write'],
    });
    expect(connection.meta).toMatchObject({ locationId: f.locationId, baseUrl: f.sandbox.url });
    expect((await f.deps.secrets.get(connection.id, ACCESS_TOKEN))?.value).toBe(
      f.sandbox.defaultLocation.privateIntegrationToken,
    );
    const { rows } = await sql<{
      ciphertext: string;
    }>`select ciphertext from secrets where owner = ${connection.id}`.execute(f.store.db);
    expect(rows[0]?.ciphertext).not.toContain(f.sandbox.defaultLocation.privateIntegrationToken);

    const contactId = await f.createContact('pit@example.com');
    await expect(f.getContact('pit', contactId)).resolves.toMatchObject({ contact: { id: contactId } });
  });

  it('detects a read-only token, so writes are refused before any request', async () => {
    const { privateIntegrationToken } = f.sandbox.admin.createPit(f.locationId, ['contacts.readonly']);
    const { connection } = await connect(privateIntegrationToken, { name: 'pit-read' });
    expect(connection.scopes).toEqual(['contacts.readonly']);
  });

  it('takes given scopes without probing', async () => {
    const seq = f.sandbox.requests.list().at(-1)?.seq ?? 0;
    const { connection, detected } = await connect(f.sandbox.defaultLocation.privateIntegrationToken, {
      name: 'pit-given',
      scopes: ['contacts.readonly'],
    });
    expect(detected).toBe(false);
    expect(connection.scopes).toEqual(['contacts.readonly']);
    expect(f.sandbox.requests.list({ afterSeq: seq }).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /contacts/search',
    ]);
  });

  it('refuses a bad token or a token of another location and saves nothing', async () => {
    const before = await rowCounts();
    const bad = await connect('pit-00000000-0000-4000-8000-00000000dead', { name: 'bad' }).catch(
      (e: unknown) => e,
    );
    expect(bad).toBeInstanceOf(AuthError);
    expect((bad as Error).message).toMatch(/GHL refused the token \(401.*Nothing was saved/);
    expect((bad as Error).message).not.toContain('dead');

    const other = f.sandbox.admin.createLocation();
    const elsewhere = await connect(f.sandbox.defaultLocation.privateIntegrationToken, {
      name: 'elsewhere',
      locationId: other.locationId,
    }).catch((e: unknown) => e);
    expect(elsewhere).toBeInstanceOf(AuthError);
    expect((elsewhere as Error).message).toContain(`no access to location ${other.locationId} (403)`);

    const empty = await connect('  ', { name: 'empty' }).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(ValidationError);
    expect(await rowCounts()).toEqual(before);
  });

  it('reconnects an existing name in place with a new token, and refuses to point it at another location', async () => {
    const first = await f.deps.connections.get('pit');
    await f.deps.connections.update(first.id, { status: 'needs_reauth' });
    const { privateIntegrationToken } = f.sandbox.admin.createPit(f.locationId);
    const { connection } = await connect(privateIntegrationToken, { name: 'pit' });
    expect(connection.id).toBe(first.id);
    expect(connection.status).toBe('active');
    expect((await f.deps.secrets.get(first.id, ACCESS_TOKEN))?.value).toBe(privateIntegrationToken);

    const other = f.sandbox.admin.createLocation();
    const moved = await connect(other.privateIntegrationToken, {
      name: 'pit',
      locationId: other.locationId,
    }).catch((e: unknown) => e);
    expect(moved).toBeInstanceOf(ValidationError);
    expect((moved as Error).message).toContain(`"pit" is connected to location ${f.locationId}`);
    expect((await f.deps.secrets.get(first.id, ACCESS_TOKEN))?.value).toBe(privateIntegrationToken);
  });

  it('marks a token the API stops accepting needs_reauth and says how to reconnect', async () => {
    const { privateIntegrationToken } = f.sandbox.admin.createPit(f.locationId);
    const { connection } = await connect(privateIntegrationToken, { name: 'revoked' });
    // The token is revoked: the vault now holds one the API does not know.
    await f.deps.secrets.put(connection.id, ACCESS_TOKEN, 'pit-revoked-0000');
    const error = await f.getContact('revoked', 'anyone').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).needsReauth).toBe(true);
    expect((error as Error).message).toContain(
      `ghl-bridge connect ghl --token <new token> --location ${f.locationId} --name revoked`,
    );
    expect((await f.deps.connections.get('revoked')).status).toBe('needs_reauth');
  });
});
