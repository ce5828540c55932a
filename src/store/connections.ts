import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { NotFoundError } from '../kernel/errors.ts';
import type { ConnectionsTable, Schema } from './schema.ts';

export type ConnectionStatus = ConnectionsTable['status'];

export interface Connection {
  id: string;
  name: string;
  connector: string;
  status: ConnectionStatus;
  authType: string;
  scopes: string[];
  meta: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface NewConnection {
  name: string;
  connector: string;
  authType: string;
  scopes: string[];
  meta?: Record<string, unknown>;
}

function toConnection(row: ConnectionsTable): Connection {
  return {
    id: row.id,
    name: row.name,
    connector: row.connector,
    status: row.status,
    authType: row.auth_type,
    scopes: row.scopes.split(' ').filter(Boolean),
    meta: JSON.parse(row.meta) as Record<string, unknown>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function connectionsRepository(db: Kysely<Schema>) {
  return {
    async create(input: NewConnection): Promise<Connection> {
      const now = Date.now();
      const row: ConnectionsTable = {
        id: randomUUID(),
        name: input.name,
        connector: input.connector,
        status: 'active',
        auth_type: input.authType,
        scopes: input.scopes.join(' '),
        meta: JSON.stringify(input.meta ?? {}),
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('connections').values(row).execute();
      return toConnection(row);
    },

    async find(idOrName: string): Promise<Connection | undefined> {
      const row = await db
        .selectFrom('connections')
        .selectAll()
        .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
        .executeTakeFirst();
      return row ? toConnection(row) : undefined;
    },

    async get(idOrName: string): Promise<Connection> {
      const found = await this.find(idOrName);
      if (!found) {
        throw new NotFoundError(`No connection named "${idOrName}".`, {
          hint: 'Run `ghl-bridge connections` to list them.',
        });
      }
      return found;
    },

    async list(connector?: string): Promise<Connection[]> {
      let query = db.selectFrom('connections').selectAll().orderBy('name');
      if (connector) query = query.where('connector', '=', connector);
      return (await query.execute()).map(toConnection);
    },

    async update(
      id: string,
      changes: Partial<Pick<Connection, 'status' | 'scopes' | 'meta' | 'authType' | 'name'>>,
    ): Promise<void> {
      const values: Partial<ConnectionsTable> = { updated_at: Date.now() };
      if (changes.status) values.status = changes.status;
      if (changes.scopes) values.scopes = changes.scopes.join(' ');
      if (changes.meta) values.meta = JSON.stringify(changes.meta);
      if (changes.authType) values.auth_type = changes.authType;
      if (changes.name) values.name = changes.name;
      await db.updateTable('connections').set(values).where('id', '=', id).execute();
    },

    async remove(id: string): Promise<void> {
      await db.deleteFrom('connections').where('id', '=', id).execute();
    },
  };
}

export type ConnectionsRepository = ReturnType<typeof connectionsRepository>;
