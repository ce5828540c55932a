import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './001-initial.ts';
import * as flowRuns from './002-flow-runs.ts';
import * as oauthStates from './003-oauth-states.ts';
import * as changeMarks from './004-change-marks.ts';

/** Migrations are listed in code (not read from disk) so they ship inside any bundle. */
const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-flow-runs': flowRuns,
  '003-oauth-states': oauthStates,
  '004-change-marks': changeMarks,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
