import type { Kysely } from 'kysely';

/**
 * What was last reported of each record (by webhook or by reconciliation), so that one change
 * reaching the bridge both ways is processed once. `scope` is e.g. `ghl:<locationId>`; `state`
 * is JSON (see src/connectors/ghl/webhooks/record-marks.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('change_marks')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('reported_at', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('change_marks_pk', ['scope', 'record_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('change_marks').ifExists().execute();
}
