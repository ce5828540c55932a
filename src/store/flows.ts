import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { NotFoundError } from '../kernel/errors.ts';
import type { FlowsTable, Schema } from './schema.ts';

export interface StoredFlow {
  id: string;
  name: string;
  enabled: boolean;
  /** The flow document (validated by the flows layer before it is stored). */
  definition: Record<string, unknown>;
  version: number;
  recipe: string | null;
  createdAt: number;
  updatedAt: number;
}

function toFlow(row: FlowsTable): StoredFlow {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled === 1,
    definition: JSON.parse(row.definition) as Record<string, unknown>,
    version: row.version,
    recipe: row.recipe,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function flowsRepository(db: Kysely<Schema>) {
  return {
    async save(input: {
      id?: string;
      name: string;
      enabled: boolean;
      definition: object;
      recipe?: string | null;
    }): Promise<StoredFlow> {
      const now = Date.now();
      const definition = JSON.stringify(input.definition);
      const existing = input.id ? await this.find(input.id) : await this.find(input.name);
      if (existing) {
        await db
          .updateTable('flows')
          .set((eb) => ({
            name: input.name,
            enabled: input.enabled ? 1 : 0,
            definition,
            version: eb('version', '+', 1),
            updated_at: now,
            ...(input.recipe !== undefined ? { recipe: input.recipe } : {}),
          }))
          .where('id', '=', existing.id)
          .execute();
        return this.get(existing.id);
      }
      const row: FlowsTable = {
        id: input.id ?? randomUUID(),
        name: input.name,
        enabled: input.enabled ? 1 : 0,
        definition,
        version: 1,
        recipe: input.recipe ?? null,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('flows').values(row).execute();
      return toFlow(row);
    },

    async find(idOrName: string): Promise<StoredFlow | undefined> {
      const row = await db
        .selectFrom('flows')
        .selectAll()
        .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
        .executeTakeFirst();
      return row ? toFlow(row) : undefined;
    },

    async get(idOrName: string): Promise<StoredFlow> {
      const flow = await this.find(idOrName);
      if (!flow)
        throw new NotFoundError(`No flow "${idOrName}".`, { hint: 'List flows with GET /api/flows.' });
      return flow;
    },

    async list(options: { enabledOnly?: boolean } = {}): Promise<StoredFlow[]> {
      let query = db.selectFrom('flows').selectAll().orderBy('name');
      if (options.enabledOnly) query = query.where('enabled', '=', 1);
      return (await query.execute()).map(toFlow);
    },

    async setEnabled(id: string, enabled: boolean): Promise<void> {
      await db
        .updateTable('flows')
        .set({ enabled: enabled ? 1 : 0, updated_at: Date.now() })
        .where('id', '=', id)
        .execute();
    },

    async remove(id: string): Promise<void> {
      await db.deleteFrom('flows').where('id', '=', id).execute();
    },
  };
}

export type FlowsRepository = ReturnType<typeof flowsRepository>;
