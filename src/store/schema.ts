import type { Generated } from 'kysely';

/** Timestamps are epoch milliseconds in both dialects; JSON is stored as text. */
export interface ConnectionsTable {
  id: string;
  name: string;
  connector: string;
  status: 'active' | 'needs_reauth' | 'disabled';
  auth_type: string;
  scopes: string;
  meta: string;
  created_at: number;
  updated_at: number;
}

export interface SecretsTable {
  owner: string;
  name: string;
  ciphertext: string;
  expires_at: number | null;
  version: number;
  updated_at: number;
}

export interface InboxEventsTable {
  id: string;
  source: string;
  connection_id: string | null;
  event_type: string;
  dedupe_key: string;
  payload: string;
  status: 'pending' | 'processing' | 'done' | 'failed';
  received_at: number;
  processed_at: number | null;
  error: string | null;
}

export interface FlowsTable {
  id: string;
  name: string;
  enabled: number;
  definition: string;
  version: number;
  /** Key of the ready-made recipe this flow came from, if any. */
  recipe: string | null;
  created_at: number;
  updated_at: number;
}

export interface RunsTable {
  id: string;
  flow_id: string;
  event_id: string;
  status: 'running' | 'succeeded' | 'failed' | 'skipped';
  dry_run: number;
  started_at: number;
  finished_at: number | null;
  error: string | null;
  definition: string | null;
  trigger_payload: string | null;
  failed_step: number | null;
}

export interface RunStepsTable {
  id: string;
  run_id: string;
  step_index: number;
  step_key: string;
  action: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';
  attempts: number;
  input: string | null;
  output: string | null;
  error: string | null;
  requests: string | null;
  started_at: number | null;
  duration_ms: number | null;
}

export interface IdentityLinksTable {
  id: string;
  group_id: string;
  connection_id: string;
  entity: string;
  external_id: string;
  last_hash: string | null;
  updated_at: number;
}

export interface CursorsTable {
  connection_id: string;
  trigger_key: string;
  cursor: string;
  updated_at: number;
}

export interface LocksTable {
  name: string;
  holder: string;
  expires_at: number;
}

export interface JobsTable {
  id: string;
  kind: string;
  payload: string;
  dedupe_key: string | null;
  status: 'queued' | 'retry' | 'active' | 'completed' | 'dead';
  attempts: number;
  max_attempts: number;
  backoff_ms: number;
  run_at: number;
  lease_until: number | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface OAuthStatesTable {
  /** SHA-256 (hex) of the state; the state itself is not stored. */
  id: string;
  connector: string;
  /** JSON of what the authorization was started with (never a secret). */
  request: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  connection_id: string | null;
  error: string | null;
}

/** What a source last reported of a record; see migrations/004-change-marks.ts. */
export interface ChangeMarksTable {
  scope: string;
  record_key: string;
  reported_at: number;
  state: string;
  updated_at: number;
}

export interface Schema {
  connections: ConnectionsTable;
  secrets: SecretsTable;
  inbox_events: InboxEventsTable;
  flows: FlowsTable;
  runs: RunsTable;
  run_steps: RunStepsTable;
  identity_links: IdentityLinksTable;
  cursors: CursorsTable;
  locks: LocksTable;
  jobs: JobsTable;
  oauth_states: OAuthStatesTable;
  change_marks: ChangeMarksTable;
  kysely_migration?: { name: string; timestamp: Generated<string> };
}
