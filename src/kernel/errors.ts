/**
 * One error family for the whole bridge. Every error carries a `code` a program can
 * switch on and a `hint` that tells a person what to do next; `message` joins the two.
 * Error messages must never contain secrets: callers pass names, ids and statuses only.
 */

export type ErrorCode =
  | 'config'
  | 'auth'
  | 'rate_limit'
  | 'api'
  | 'network'
  | 'outcome_unknown'
  | 'validation'
  | 'not_found'
  | 'conflict';

export interface ErrorOptions {
  hint?: string;
  cause?: unknown;
}

export class BridgeError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, what: string, options: ErrorOptions = {}) {
    super(options.hint ? `${what} ${options.hint}` : what, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }

  /** Whether running the same thing again later may succeed. */
  get retryable(): boolean {
    return false;
  }

  toJSON(): Record<string, unknown> {
    return { error: this.name, code: this.code, message: this.message };
  }
}

export interface SettingProblem {
  /** The setting as the user writes it: an environment variable or a config-file key. */
  setting: string;
  problem: string;
}

/** Invalid settings; all problems are reported at once. */
export class ConfigError extends BridgeError {
  readonly problems: SettingProblem[];

  constructor(problems: SettingProblem[], hint = 'Fix the setting(s) and start again.') {
    const list = problems.map((p) => `${p.setting}: ${p.problem}`).join('; ');
    super('config', `Invalid configuration: ${list}.`, { hint });
    this.problems = problems;
  }
}

/** A connection cannot authenticate: a token is missing, revoked, expired beyond refresh or lacks a scope. */
export class AuthError extends BridgeError {
  readonly connection: string | undefined;
  readonly needsReauth: boolean;

  constructor(what: string, options: ErrorOptions & { connection?: string; needsReauth?: boolean } = {}) {
    super('auth', what, options);
    this.connection = options.connection;
    this.needsReauth = options.needsReauth ?? false;
  }
}

/** A rate limit (ours or the API's) forbids the request until `resetAt`. The job is rescheduled, not failed. */
export class RateLimitError extends BridgeError {
  readonly resetAt: Date;
  readonly scope: 'burst' | 'daily';
  readonly limitKey: string;

  constructor(limitKey: string, scope: 'burst' | 'daily', resetAt: Date, options: ErrorOptions = {}) {
    super(
      'rate_limit',
      `The ${scope} rate limit for ${limitKey} is used up until ${resetAt.toISOString()}.`,
      { hint: options.hint ?? 'The work is rescheduled for after that time; nothing is lost.', ...options },
    );
    this.resetAt = resetAt;
    this.scope = scope;
    this.limitKey = limitKey;
  }

  override get retryable(): boolean {
    return true;
  }
}

const BODY_LIMIT = 2_000;

/** The remote API answered with an error status. `body` is kept (truncated) for run history. */
export class ApiError extends BridgeError {
  readonly status: number;
  readonly body: unknown;
  readonly method: string;
  readonly url: string;

  constructor(method: string, url: string, status: number, body: unknown, options: ErrorOptions = {}) {
    const detail = describeBody(body);
    super('api', `${method} ${stripQuery(url)} answered ${status}${detail ? `: ${detail}` : ''}.`, {
      hint: options.hint ?? hintForStatus(status),
      cause: options.cause,
    });
    this.status = status;
    this.body = body;
    this.method = method;
    this.url = stripQuery(url);
  }

  override get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, body: this.body };
  }
}

/**
 * Why a request got no answer. `refused` and `dns` happen before anything is sent, so the
 * server cannot have acted on the request; `reset` and `timeout` may happen after it did.
 */
export type NetworkFailure = 'refused' | 'dns' | 'reset' | 'timeout' | 'other';

/** The request got no HTTP answer: the connection failed, was reset or timed out. */
export class NetworkError extends BridgeError {
  readonly failure: NetworkFailure;
  readonly method: string;
  readonly url: string;

  constructor(method: string, url: string, failure: NetworkFailure, options: ErrorOptions = {}) {
    super('network', `${method} ${stripQuery(url)} got no answer (${describeFailure(failure)}).`, {
      hint: options.hint ?? 'Check that the API is reachable; the request is retried where that is safe.',
      cause: options.cause,
    });
    this.failure = failure;
    this.method = method;
    this.url = stripQuery(url);
  }

  /** True when the request certainly never reached the server. */
  get notSent(): boolean {
    return this.failure === 'refused' || this.failure === 'dns';
  }

  override get retryable(): boolean {
    return true;
  }
}

/**
 * A request that is not safe to repeat (a create) failed after it may have reached the server:
 * it may or may not have taken effect, so it is not retried blindly. `cause` holds the failure.
 */
export class OutcomeUnknownError extends BridgeError {
  readonly method: string;
  readonly url: string;
  /** The HTTP status when the server answered with an error, otherwise undefined. */
  readonly status: number | undefined;

  constructor(method: string, url: string, failure: ApiError | NetworkError, options: ErrorOptions = {}) {
    const what = failure instanceof ApiError ? `answered ${failure.status}` : 'got no answer';
    super(
      'outcome_unknown',
      `${method} ${stripQuery(url)} ${what} after it may have reached the server; whether it took effect is unknown.`,
      {
        hint:
          options.hint ??
          'It was not retried because a duplicate could result: look the record up before running it again.',
        cause: failure,
      },
    );
    this.method = method;
    this.url = stripQuery(url);
    this.status = failure instanceof ApiError ? failure.status : undefined;
  }
}

function describeFailure(failure: NetworkFailure): string {
  if (failure === 'refused') return 'connection refused';
  if (failure === 'dns') return 'host name not found';
  if (failure === 'reset') return 'connection reset';
  if (failure === 'timeout') return 'timed out';
  return 'network failure';
}

export interface ValidationIssue {
  /** Where the problem is, e.g. `steps[1].input.email` or `body.tags`. */
  path: string;
  message: string;
}

/** Input refused before anything was sent or written. */
export class ValidationError extends BridgeError {
  readonly issues: ValidationIssue[];

  constructor(subject: string, issues: ValidationIssue[], options: ErrorOptions = {}) {
    const list = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    super('validation', `Invalid ${subject}: ${list}.`, {
      hint: options.hint ?? 'Nothing was changed; correct the input and try again.',
      cause: options.cause,
    });
    this.issues = issues;
  }
}

export class NotFoundError extends BridgeError {
  constructor(what: string, options: ErrorOptions = {}) {
    super('not_found', what, options);
  }
}

/** Converts zod issues to path-addressed validation issues. */
export function issuesFromZod(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  prefix = '',
): ValidationIssue[] {
  return issues.map((issue) => ({ path: joinPath(prefix, issue.path), message: issue.message }));
}

export function joinPath(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

function hintForStatus(status: number): string {
  if (status === 401) return 'Check that the connection is still authorized; reconnect it if needed.';
  if (status === 403) return 'The connection lacks permission for this; reconnect it with the needed scopes.';
  if (status === 404) return 'Check the id: the record may have been deleted.';
  if (status === 422 || status === 400) return 'The API refused the input; correct it and try again.';
  if (status === 429) return 'The API rate limit was hit; the request is retried after a pause.';
  if (status >= 500) return 'The API had a server error; the request is retried with backoff.';
  return 'See the response body for details.';
}

function describeBody(body: unknown): string {
  if (body == null || body === '') return '';
  if (typeof body === 'string') return truncate(body);
  if (typeof body === 'object') {
    const message = (body as Record<string, unknown>).message ?? (body as Record<string, unknown>).error;
    if (Array.isArray(message)) return truncate(message.map(String).join('; '));
    if (typeof message === 'string') return truncate(message);
  }
  return truncate(JSON.stringify(body));
}

function truncate(text: string): string {
  return text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT)}…` : text;
}

function stripQuery(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? url : url.slice(0, at);
}
