import type { z } from 'zod';

/**
 * The vocabulary every connector is written in. Definitions are plain frozen objects:
 * the catalog, the UI forms and the flow validator all read them as data.
 */

export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/** What an action or trigger knows about the connection it runs on (never its secrets). */
export interface ConnectionInfo {
  id: string;
  name: string;
  connector: string;
  scopes: string[];
  /** Connector-specific, non-secret facts: locationId, companyId, projectId, baseUrl... */
  meta: Record<string, unknown>;
}

type QueryScalar = string | number | boolean | null | undefined;
export type QueryValueLike = QueryScalar | readonly QueryScalar[];

/** The request shape of `src/http`'s client, as connectors see it. */
export interface HttpRequestLike {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, QueryValueLike>;
  body?: unknown;
  form?: Record<string, QueryValueLike>;
  headers?: Record<string, string>;
  /** True when sending the request twice cannot do anything twice (upsert, search). */
  idempotent?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponseLike<T = unknown> {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  data: T;
  attempts: number;
}

export interface HttpClientLike {
  request<T = unknown>(req: HttpRequestLike): Promise<HttpResponseLike<T>>;
}

/** A record in one app, for the identity map. `connection` is a connection name or id. */
export interface LinkRef {
  connection: string;
  entity: string;
  id: string;
}

/** The identity map, read side: which records of one kind on one connection were ever linked. */
export interface LinkReader {
  /** Ids of linked records of `entity` on `connection`, in id order, after `after` (keyset paging). */
  linkedIds(
    connection: string,
    entity: string,
    page: { after?: string | undefined; limit: number },
  ): Promise<string[]>;
}

/** The identity map as connectors see it: which records in different apps are the same thing. */
export interface LinkStore extends LinkReader {
  link(a: LinkRef, b: LinkRef): Promise<void>;
  find(from: LinkRef, toConnection: string, toEntity: string): Promise<string | undefined>;
}

export interface ClientDeps {
  http: HttpClientLike;
  connection: ConnectionInfo;
  /** Given by the action runner; absent when a client is built outside of it. */
  links?: LinkStore;
}

export interface ActionContext<Client = unknown> {
  client: Client;
  connection: ConnectionInfo;
  /** Stable for one step of one run: a retried or replayed step gets the same key. */
  idempotencyKey: string;
  /** In a dry run, writes are recorded by the HTTP layer instead of being sent. */
  dryRun: boolean;
  log: Logger;
  signal?: AbortSignal;
}

export interface ActionDefinition<
  Input extends z.ZodType = z.ZodType,
  Output extends z.ZodType = z.ZodType,
  Client = unknown,
> {
  key: string;
  title: string;
  description: string;
  input: Input;
  output: Output;
  /** Scopes the connection must hold; checked before any request is sent. */
  scopes: string[];
  /** Whether running it twice with the same input has the effect of running it once. */
  idempotent: boolean;
  /** Its result is checked against `output` by the runner before anyone sees it. */
  run(ctx: ActionContext<Client>, input: z.output<Input>): Promise<unknown>;
}

export interface TriggerEvent<Payload = unknown> {
  /** Unique per source: the dedupe key of the inbox. */
  id: string;
  /** The app's event name, e.g. `ContactCreate` or `ticket.updated`. */
  type: string;
  occurredAt: string;
  payload: Payload;
}

export interface PollContext<Client = unknown> {
  client: Client;
  connection: ConnectionInfo;
  log: Logger;
  now: () => Date;
  signal?: AbortSignal;
  /** The identity map, for triggers that watch records the bridge has linked (e.g. removals). */
  links?: LinkReader;
}

export interface PollResult<Cursor = unknown> {
  events: TriggerEvent[];
  cursor: Cursor;
}

interface TriggerBase<Output extends z.ZodType> {
  key: string;
  title: string;
  description: string;
  output: Output;
  sample: z.input<Output>;
  scopes: string[];
}

export interface WebhookTriggerDefinition<Output extends z.ZodType = z.ZodType> extends TriggerBase<Output> {
  kind: 'webhook';
  /** Event names (as the app sends them) this trigger fires on. */
  events: string[];
}

export interface PollTriggerDefinition<
  Output extends z.ZodType = z.ZodType,
  Client = unknown,
  Cursor = unknown,
> extends TriggerBase<Output> {
  kind: 'poll';
  intervalSeconds: number;
  /**
   * With `cursor === null` (first run) it returns no events and a cursor at "now",
   * so switching a trigger on never replays history.
   */
  poll(ctx: PollContext<Client>, cursor: Cursor | null): Promise<PollResult<Cursor>>;
}

// biome-ignore lint/suspicious/noExplicitAny: a list holds poll triggers of every client and cursor type
export type AnyPollTriggerDefinition = PollTriggerDefinition<z.ZodType, any, any>;

export type TriggerDefinition = WebhookTriggerDefinition | AnyPollTriggerDefinition;

export type AuthKind = 'oauth2' | 'private_token' | 'api_key';

export interface ConnectorDefinition<Client = unknown> {
  key: string;
  title: string;
  description: string;
  auth: AuthKind[];
  /** Real API base URL; the sandbox or a test overrides it per connection (`meta.baseUrl`). */
  baseUrl: string;
  /** Whose rate limit a connection's requests count against (a GHL location, a Gleap project). */
  rateLimitKey(connection: ConnectionInfo): string;
  /**
   * For API-key auth: the headers built from the connection's stored secrets
   * (e.g. Gleap's `Authorization` and `Project`, Gleantap's `X-API-KEY` and `X-SECRET-KEY`).
   */
  credentialHeaders?(secrets: Record<string, string>, connection: ConnectionInfo): Record<string, string>;
  /** Names of the secrets an API-key connection stores. */
  secretNames?: string[];
  createClient(deps: ClientDeps): Client;
  // biome-ignore lint/suspicious/noExplicitAny: actions have heterogeneous schemas
  actions: ReadonlyArray<ActionDefinition<any, any, Client>>;
  triggers: ReadonlyArray<TriggerDefinition>;
}

const KEY = /^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*$/;

function checkKey(kind: string, key: string): void {
  if (!KEY.test(key)) {
    throw new TypeError(`${kind} key "${key}" must be lower-case words joined by '-', '_' or '.'.`);
  }
}

export function defineAction<Input extends z.ZodType, Output extends z.ZodType, Client = unknown>(
  def: ActionDefinition<Input, Output, Client>,
): Readonly<ActionDefinition<Input, Output, Client>> {
  checkKey('Action', def.key);
  return Object.freeze({ ...def, scopes: [...def.scopes] });
}

export function defineTrigger<T extends TriggerDefinition>(def: T): Readonly<T> {
  checkKey('Trigger', def.key);
  if (def.kind === 'webhook' && def.events.length === 0) {
    throw new TypeError(`Webhook trigger "${def.key}" must name at least one event.`);
  }
  return Object.freeze({ ...def });
}

export function defineConnector<Client>(
  def: ConnectorDefinition<Client>,
): Readonly<ConnectorDefinition<Client>> {
  checkKey('Connector', def.key);
  const seen = new Set<string>();
  for (const item of [...def.actions, ...def.triggers]) {
    if (seen.has(item.key)) throw new TypeError(`Connector "${def.key}" defines "${item.key}" twice.`);
    seen.add(item.key);
  }
  return Object.freeze({
    ...def,
    actions: Object.freeze([...def.actions]),
    triggers: Object.freeze([...def.triggers]),
  });
}
