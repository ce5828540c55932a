import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
} from 'kysely';
import pg from 'pg';
import { ConfigError } from '../kernel/errors.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Schema } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Schema>;
  dialect: DialectName;
  /** PostgreSQL connection string (with credentials) for pg-boss; undefined on SQLite. */
  postgresUrl?: string;
  /** PostgreSQL schema the tables live in. */
  postgresSchema?: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// bigint columns hold epoch milliseconds, well inside Number's exact range.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export async function openStore(databaseUrl: string): Promise<Store> {
  if (databaseUrl.startsWith('sqlite:')) return openSqlite(databaseUrl.slice('sqlite:'.length));
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return openPostgres(databaseUrl);
  throw new ConfigError([{ setting: 'DATABASE_URL', problem: 'must start with sqlite: or postgres://' }]);
}

function openSqlite(path: string): Store {
  const memory = path === ':memory:';
  if (!memory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const database = new SqliteDatabase(memory ? ':memory:' : path);
  // The busy timeout first: switching a new file to WAL needs a lock that another process
  // opening the same file may hold for a moment.
  database.pragma('busy_timeout = 5000');
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  const db = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect({ database }) });
  return {
    db,
    dialect: 'sqlite',
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

/**
 * Transactions take SQLite's write lock when they begin (BEGIN IMMEDIATE). A deferred
 * transaction that reads first and writes later fails at once with "database is locked"
 * when another process wrote in between, without waiting for the busy timeout.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];

  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

async function openPostgres(databaseUrl: string): Promise<Store> {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new ConfigError([
      { setting: 'DATABASE_URL', problem: `schema "${schema}" must be a plain lower-case name` },
    ]);
  }
  const connectionString = url.toString();
  const pool = new pg.Pool({ connectionString, max: 10, options: `-c search_path=${schema}` });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  if (schema !== 'public') await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  return {
    db,
    dialect: 'postgres',
    postgresUrl: connectionString,
    postgresSchema: schema,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

export interface MigrationOutcome {
  applied: string[];
}

/**
 * Applies pending migrations; safe to run from several processes at once. On PostgreSQL
 * Kysely's migration lock serialises them. On SQLite two processes may both see a migration
 * as pending; the loser's transaction fails and rolls back, and running again finds it applied.
 */
export async function migrate(store: Store): Promise<MigrationOutcome> {
  const migrator = new Migrator({
    db: store.db,
    provider: migrationProvider,
    // Kysely looks for its own tables in every schema unless told which: another schema's
    // migration tables in the same database would otherwise be taken for ours.
    ...(store.postgresSchema ? { migrationTableSchema: store.postgresSchema } : {}),
  });
  const applied: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    applied.push(...(results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName));
    if (!error) return { applied };
    if (attempt >= 3) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new Error(`Migration ${failed} failed: ${(error as Error).message}`, { cause: error });
    }
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
}
