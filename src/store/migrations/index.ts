import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './001-initial.ts';

/** Migrations are listed in code (not read from disk) so they ship inside any bundle. */
const migrations: Record<string, Migration> = {
  '001-initial': initial,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
