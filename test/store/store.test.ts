import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/kernel/errors.ts';
import { connectionsRepository } from '../../src/store/connections.ts';
import { cursorsRepository } from '../../src/store/cursors.ts';
import { migrate, openStore, type Store } from '../../src/store/db.ts';
import { inboxRepository } from '../../src/store/inbox.ts';
import { locksRepository } from '../../src/store/locks.ts';
import { migrationProvider } from '../../src/store/migrations/index.ts';
import { secretsRepository } from '../../src/store/secrets.ts';
import { keyFromSecret, loadVaultKey, Vault } from '../../src/store/vault.ts';
import { ENGINES, type TestDatabase, testDatabase } from '../support/databases.ts';

describe('vault key', () => {
  it('is generated once into the data folder with mode 0600, then reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ghl-bridge-key-'));
    const first = loadVaultKey(undefined, dir);
    expect(first.origin).toBe('generated');
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    const second = loadVaultKey(undefined, dir);
    expect(second.origin).toBe('key file');
    expect(second.key.equals(first.key)).toBe(true);
    expect(loadVaultKey('a-long-operator-secret', dir).origin).toBe('BRIDGE_SECRET');
  });
});

describe.each(ENGINES)('store on %s', (engine) => {
  let database: TestDatabase;
  let store: Store;
  const vault = new Vault(keyFromSecret('test-secret-of-sufficient-length'));

  beforeAll(async () => {
    database = await testDatabase(engine);
    store = await openStore(database.url);
    const all = Object.keys(await migrationProvider.getMigrations()).sort();
    expect((await migrate(store)).applied).toEqual(all);
  });

  afterAll(async () => {
    await store.close();
    await database.dispose();
  });

  it('applies migrations once', async () => {
    expect((await migrate(store)).applied).toEqual([]);
  });

  it('keeps secrets encrypted at rest and bound to their row', async () => {
    const secrets = secretsRepository(store.db, vault);
    await secrets.put('conn-1', 'access_token', 'pit-very-secret-token', 123);
    const row = await store.db
      .selectFrom('secrets')
      .selectAll()
      .where('owner', '=', 'conn-1')
      .executeTakeFirstOrThrow();
    expect(row.ciphertext).not.toContain('pit-very-secret-token');
    expect(await secrets.get('conn-1', 'access_token')).toEqual({
      value: 'pit-very-secret-token',
      expiresAt: 123,
      version: 1,
      updatedAt: expect.any(Number),
    });
    await secrets.put('conn-1', 'access_token', 'rotated', null);
    expect((await secrets.get('conn-1', 'access_token'))?.version).toBe(2);

    // A ciphertext moved to another row does not decrypt.
    await store.db
      .insertInto('secrets')
      .values({ ...row, owner: 'conn-2' })
      .execute();
    await expect(secrets.get('conn-2', 'access_token')).rejects.toThrow();
  });

  it('refuses to start with a different key than the one secrets were sealed with', async () => {
    await secretsRepository(store.db, vault).checkKey();
    const other = secretsRepository(store.db, new Vault(keyFromSecret('another-secret-entirely!')));
    await expect(other.checkKey()).rejects.toBeInstanceOf(ConfigError);
    await expect(other.checkKey()).rejects.toThrow(/BRIDGE_SECRET: does not match/);
  });

  it('stores an inbox event once per dedupe key', async () => {
    const inbox = inboxRepository(store.db);
    const event = {
      source: 'ghl',
      connectionId: null,
      eventType: 'ContactCreate',
      dedupeKey: 'wh-1',
      payload: { id: 'c1' },
    };
    const stored = await inbox.add(event);
    expect(stored?.id).toBeTruthy();
    expect(await inbox.add(event)).toBeUndefined();
    expect(await inbox.count('ghl')).toBe(1);
    expect((await inbox.get(stored!.id))?.payload).toEqual({ id: 'c1' });
  });

  it('keeps connections, cursors and locks', async () => {
    const connections = connectionsRepository(store.db);
    const created = await connections.create({
      name: 'demo',
      connector: 'ghl',
      authType: 'pit',
      scopes: ['contacts.readonly'],
      meta: { locationId: 'L1' },
    });
    expect(await connections.get('demo')).toMatchObject({
      id: created.id,
      scopes: ['contacts.readonly'],
      meta: { locationId: 'L1' },
    });
    await connections.update(created.id, { status: 'needs_reauth' });
    expect((await connections.get(created.id)).status).toBe('needs_reauth');
    await expect(connections.get('nope')).rejects.toThrow(/No connection named "nope"/);

    const cursors = cursorsRepository(store.db);
    expect(await cursors.get(created.id, 'new-contact')).toBeNull();
    await cursors.set(created.id, 'new-contact', { after: 5 });
    await cursors.set(created.id, 'new-contact', { after: 9 });
    expect(await cursors.get(created.id, 'new-contact')).toEqual({ after: 9 });

    const locks = locksRepository(store.db);
    expect(await locks.tryAcquire('refresh:c1', 'a', 60_000)).toBe(true);
    expect(await locks.tryAcquire('refresh:c1', 'b', 60_000)).toBe(false);
    await locks.release('refresh:c1', 'a');
    expect(await locks.tryAcquire('refresh:c1', 'b', 1)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await locks.tryAcquire('refresh:c1', 'c', 60_000)).toBe(true);
  });
});

describe('PostgreSQL schemas', () => {
  it('migrates a schema of its own even when another schema of the database is migrated', async () => {
    const first = await testDatabase('postgres');
    const second = await testDatabase('postgres');
    const a = await openStore(first.url);
    const b = await openStore(second.url);
    try {
      const all = Object.keys(await migrationProvider.getMigrations()).sort();
      expect((await migrate(a)).applied).toEqual(all);
      expect((await migrate(b)).applied).toEqual(all);
      await connectionsRepository(b.db).create({
        name: 'only-in-b',
        connector: 'ghl',
        authType: 'pit',
        scopes: [],
      });
      expect(await connectionsRepository(a.db).find('only-in-b')).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
      await first.dispose();
      await second.dispose();
    }
  });
});
