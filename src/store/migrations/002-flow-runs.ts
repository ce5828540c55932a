import type { Kysely } from 'kysely';

// A run keeps the flow definition it started with, so a replay after an edit runs what failed.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('runs').addColumn('definition', 'text').execute();
  await db.schema.alterTable('runs').addColumn('trigger_payload', 'text').execute();
  await db.schema.alterTable('runs').addColumn('failed_step', 'integer').execute();
  await db.schema
    .alterTable('flows')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('flows').addColumn('recipe', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('flows').dropColumn('recipe').execute();
  await db.schema.alterTable('flows').dropColumn('version').execute();
  await db.schema.alterTable('runs').dropColumn('failed_step').execute();
  await db.schema.alterTable('runs').dropColumn('trigger_payload').execute();
  await db.schema.alterTable('runs').dropColumn('definition').execute();
}
