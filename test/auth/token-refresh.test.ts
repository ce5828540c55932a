import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN, REFRESH_TOKEN } from '../../src/auth/ghl-connection.ts';
import { refreshTokens } from '../../src/auth/ghl-oauth.ts';
import { holdIfNeedsReauth } from '../../src/auth/hold-jobs.ts';
import { AuthError } from '../../src/kernel/errors.ts';
import { createQueue } from '../../src/queue/index.ts';
import { ENGINES, waitFor } from '../support/databases.ts';
import { type OAuthFixture, oauthFixture } from './oauth-fixture.ts';

describe.each(ENGINES)('OAuth token lifecycle against the sandbox (%s)', (engine) => {
  let f: OAuthFixture;
  let contactId: string;

  beforeAll(async () => {
    f = await oauthFixture(engine);
    contactId = await f.createContact('lifecycle@example.com');
  });
  afterAll(async () => {
    await f.close();
  });

  /** Makes the stored access token look expired (and really expires it at the sandbox). */
  async function expireStoredToken(connectionId: string): Promise<void> {
    const stored = await f.deps.secrets.get(connectionId, ACCESS_TOKEN);
    await f.deps.secrets.put(connectionId, ACCESS_TOKEN, stored?.value ?? '', Date.now() - 1_000);
    f.sandbox.admin.expireTokens(f.locationId);
  }

  it('50 concurrent calls on an expired token cause exactly one refresh, and no request with the old token', async () => {
    const connection = await f.connect('expired');
    await expireStoredToken(connection.id);
    const seq = f.sandbox.requests.list().at(-1)?.seq ?? 0;
    const before = f.tokenRequests();

    const results = await Promise.all(Array.from({ length: 50 }, () => f.getContact('expired', contactId)));

    expect(results).toHaveLength(50);
    for (const result of results) expect(result).toMatchObject({ contact: { id: contactId } });
    expect(f.tokenRequests() - before).toBe(1);
    expect(f.sandbox.requests.list({ afterSeq: seq, status: 401 })).toHaveLength(0);
  });

  it('a 401 in the middle of a token’s life refreshes once and the calls succeed', async () => {
    await f.connect('mid-life');
    f.sandbox.admin.expireTokens(f.locationId);
    const seq = f.sandbox.requests.list().at(-1)?.seq ?? 0;
    const before = f.tokenRequests();

    const results = await Promise.all(Array.from({ length: 10 }, () => f.getContact('mid-life', contactId)));

    for (const result of results) expect(result).toMatchObject({ contact: { id: contactId } });
    expect(f.tokenRequests() - before).toBe(1);
    expect(f.sandbox.requests.list({ afterSeq: seq, status: 401 }).length).toBeGreaterThan(0);
  });

  it('stores the rotated refresh token, which the next refresh uses', async () => {
    const connection = await f.connect('rotating');
    const first = await f.deps.secrets.get(connection.id, REFRESH_TOKEN);
    await expireStoredToken(connection.id);
    await f.getContact('rotating', contactId);
    const second = await f.deps.secrets.get(connection.id, REFRESH_TOKEN);
    expect(second?.value).toBeTruthy();
    expect(second?.value).not.toBe(first?.value);

    await expireStoredToken(connection.id);
    await expect(f.getContact('rotating', contactId)).resolves.toMatchObject({ contact: { id: contactId } });
    expect((await f.deps.connections.get('rotating')).status).toBe('active');
  });

  it('a refused refresh marks the connection needs_reauth; later calls fail fast with the reconnect command', async () => {
    const connection = await f.connect('lost-rotation');
    // Someone else spends the stored refresh token, as a copy of the database restored elsewhere would.
    const stored = await f.deps.secrets.get(connection.id, REFRESH_TOKEN);
    await refreshTokens({ baseUrl: f.sandbox.url, ...f.app }, stored?.value ?? '');
    await expireStoredToken(connection.id);

    const error = await f.getContact('lost-rotation', contactId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).needsReauth).toBe(true);
    expect((error as AuthError).message).toContain('ghl-bridge connect ghl --name lost-rotation --write');
    const marked = await f.deps.connections.get('lost-rotation');
    expect(marked.status).toBe('needs_reauth');
    expect(String(marked.meta.reauthReason)).toContain('refused the token refresh');

    const seq = f.sandbox.requests.list().at(-1)?.seq ?? 0;
    const again = await f.getContact('lost-rotation', contactId).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(AuthError);
    expect((again as AuthError).needsReauth).toBe(true);
    expect((again as AuthError).message).toContain('ghl-bridge connect ghl --name lost-rotation');
    expect(f.sandbox.requests.list({ afterSeq: seq })).toHaveLength(0);
  });

  it('holds a queued job of a needs_reauth connection (not failed, no attempt spent) until it is reconnected', async () => {
    const queue = createQueue(f.store, { leaseSeconds: 5, pollMs: 20 });
    await queue.start();
    try {
      const kind = 'auth-test.get-contact';
      let runs = 0;
      let succeeded = false;
      const errors: string[] = [];
      await queue.work(kind, async () => {
        runs++;
        try {
          await f.getContact('lost-rotation', contactId);
          succeeded = true;
        } catch (error) {
          errors.push(String((error as Error).message));
          throw holdIfNeedsReauth(error, 200);
        }
      });
      await queue.enqueue(kind, {}, { maxAttempts: 1 });
      // With one attempt allowed, a failed run would be dead; a held one runs again.
      await waitFor(async () => runs >= 2);
      expect(await queue.deadLetters(kind)).toHaveLength(0);
      expect(errors[0]).toContain('ghl-bridge connect ghl --name lost-rotation');

      await f.connect('lost-rotation');
      expect((await f.deps.connections.get('lost-rotation')).status).toBe('active');
      await waitFor(async () => succeeded, 5_000);
      expect(await queue.deadLetters(kind)).toHaveLength(0);
    } finally {
      await queue.stop({ timeoutMs: 500 });
    }
  });
});
