import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from './schema.ts';

export interface RecordRef {
  connectionId: string;
  /** What kind of record: contact, task, ticket, note... */
  entity: string;
  externalId: string;
}

/**
 * The identity map: records in different apps that stand for the same thing share a group.
 * One record belongs to one group (unique connection+entity+id), so a link is never doubled.
 */
export function identitiesRepository(db: Kysely<Schema>) {
  async function groupOf(ref: RecordRef): Promise<string | undefined> {
    const row = await db
      .selectFrom('identity_links')
      .select('group_id')
      .where('connection_id', '=', ref.connectionId)
      .where('entity', '=', ref.entity)
      .where('external_id', '=', ref.externalId)
      .executeTakeFirst();
    return row?.group_id;
  }

  async function upsert(ref: RecordRef, groupId: string, lastHash: string | null = null): Promise<void> {
    const now = Date.now();
    await db
      .insertInto('identity_links')
      .values({
        id: randomUUID(),
        group_id: groupId,
        connection_id: ref.connectionId,
        entity: ref.entity,
        external_id: ref.externalId,
        last_hash: lastHash,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['connection_id', 'entity', 'external_id'])
          .doUpdateSet({ group_id: groupId, updated_at: now }),
      )
      .execute();
  }

  return {
    groupOf,

    /** Links two records; returns their group. */
    async link(a: RecordRef, b: RecordRef): Promise<string> {
      const group = (await groupOf(a)) ?? (await groupOf(b)) ?? randomUUID();
      await upsert(a, group);
      await upsert(b, group);
      return group;
    },

    /** The id of the record of `entity` on `connectionId` linked to `ref`, if any. */
    async find(ref: RecordRef, connectionId: string, entity: string): Promise<string | undefined> {
      const group = await groupOf(ref);
      if (!group) return undefined;
      const row = await db
        .selectFrom('identity_links')
        .select('external_id')
        .where('group_id', '=', group)
        .where('connection_id', '=', connectionId)
        .where('entity', '=', entity)
        .orderBy('updated_at', 'desc')
        .executeTakeFirst();
      return row?.external_id;
    },

    /** Linked ids of one kind on one connection, in id order after `after`: a keyset page. */
    async linkedIds(
      connectionId: string,
      entity: string,
      page: { after?: string | undefined; limit: number },
    ): Promise<string[]> {
      let query = db
        .selectFrom('identity_links')
        .select('external_id')
        .where('connection_id', '=', connectionId)
        .where('entity', '=', entity);
      if (page.after !== undefined) query = query.where('external_id', '>', page.after);
      const rows = await query.orderBy('external_id').limit(page.limit).execute();
      return rows.map((row) => row.external_id);
    },

    async lastHash(ref: RecordRef): Promise<string | null | undefined> {
      const row = await db
        .selectFrom('identity_links')
        .select('last_hash')
        .where('connection_id', '=', ref.connectionId)
        .where('entity', '=', ref.entity)
        .where('external_id', '=', ref.externalId)
        .executeTakeFirst();
      return row ? row.last_hash : undefined;
    },

    async setHash(ref: RecordRef, hash: string): Promise<void> {
      await db
        .updateTable('identity_links')
        .set({ last_hash: hash, updated_at: Date.now() })
        .where('connection_id', '=', ref.connectionId)
        .where('entity', '=', ref.entity)
        .where('external_id', '=', ref.externalId)
        .execute();
    },
  };
}

export type IdentitiesRepository = ReturnType<typeof identitiesRepository>;
