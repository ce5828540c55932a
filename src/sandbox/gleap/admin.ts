import type {
  FaultInjector,
  RateLimiter,
  RateLimits,
  RequestLog,
  WebhookDelivery,
  WebhookDispatcher,
} from '../common/index.ts';
import { validBody } from './errors.ts';
import { createMessage } from './messages.ts';
import { GleapError, type GleapProject, type GleapWebhook } from './model.ts';
import { renderMessage, renderSession, renderTicket } from './render.ts';
import { type GleapSeedOptions, seedGleapProject } from './seed.ts';
import { createSession, deleteSession, updateSession } from './sessions.ts';
import type { GleapSchemas } from './spec.ts';
import type { GleapProjectInput, GleapStore } from './store.ts';
import { createTicket, deleteTicket, getTicket, updateTicket } from './tickets.ts';

export interface GleapCredentials {
  projectId: string;
  apiKey: string;
  name: string;
}

export interface AppSideOptions {
  /** Send the matching webhook (default true); false simulates a webhook Gleap never sent. */
  webhook?: boolean;
}

export interface AppSideMessage {
  text: string;
  /** An internal note (default false). */
  isNote?: boolean;
  /** Who writes it: a team member (default) or the ticket's contact. */
  author?: 'agent' | 'contact';
}

interface AdminDeps {
  store: GleapStore;
  schemas: GleapSchemas;
  limiter: RateLimiter;
  faults: FaultInjector;
  log: RequestLog;
  webhooks: WebhookDispatcher;
  resetAll: () => Promise<void>;
  saveSnapshot: () => string | undefined;
}

/**
 * What tests and the admin routes can do to the Gleap sandbox besides calling the API:
 * credentials, limits, webhooks, and changes made "in Gleap's app" (an agent editing a
 * ticket, a contact writing in) that reach clients only through webhooks and polling.
 */
export class GleapAdmin {
  readonly faults: FaultInjector;
  readonly log: RequestLog;
  readonly webhookDispatcher: WebhookDispatcher;

  constructor(private readonly deps: AdminDeps) {
    this.faults = deps.faults;
    this.log = deps.log;
    this.webhookDispatcher = deps.webhooks;
  }

  createProject(input: GleapProjectInput & { seed?: boolean | GleapSeedOptions } = {}): GleapCredentials {
    const { seed, ...projectInput } = input;
    const project = this.deps.store.createProject(projectInput);
    if (seed) seedGleapProject(this.deps.store, project, seed === true ? {} : seed);
    return credentialsOf(project);
  }

  projects(): GleapCredentials[] {
    return [...this.deps.store.projects.values()].map(credentialsOf);
  }

  deleteProject(projectId: string): void {
    this.deps.store.deleteProject(projectId);
  }

  /** Limits for one project (or, without `projectId`, for all); counters are kept. */
  setLimits(limits: Partial<RateLimits>, projectId?: string): RateLimits {
    return this.deps.limiter.configure(limits, projectId);
  }

  /** Registers a webhook as Gleap's dashboard would (`WebhookDto`: name, url, events, headers, filters). */
  addWebhook(projectId: string, webhook: Omit<GleapWebhook, 'id'>): GleapWebhook {
    const body = validBody(this.deps.schemas.webhook, webhook) as Omit<GleapWebhook, 'id'>;
    if (!/^https?:\/\//.test(body.url)) throw new GleapError(400, 'url must be an http(s) URL.');
    return this.deps.store.addWebhook(this.project(projectId), body);
  }

  listWebhooks(projectId: string): GleapWebhook[] {
    return [...this.project(projectId).webhooks];
  }

  clearWebhooks(projectId: string): void {
    this.project(projectId).webhooks.length = 0;
  }

  deliveries(event?: string): WebhookDelivery[] {
    return this.deps.webhooks.deliveries(event ? { event } : {});
  }

  /** Resolves when every webhook delivery has been attempted (and retried) as far as it will be. */
  webhooksSettled(): Promise<void> {
    return this.deps.webhooks.settled();
  }

  contacts(projectId: string): Record<string, unknown>[] {
    return [...this.project(projectId).sessions.values()].map(renderSession);
  }

  tickets(projectId: string): Record<string, unknown>[] {
    const project = this.project(projectId);
    return [...project.tickets.values()].map((ticket) => renderTicket(project, ticket));
  }

  messages(projectId: string, ticketId?: string): Record<string, unknown>[] {
    const project = this.project(projectId);
    return [...project.messages.values()]
      .filter((message) => ticketId === undefined || message['ticket'] === ticketId)
      .map((message) => renderMessage(project, message));
  }

  /** A contact created in the app (e.g. identified by the widget). */
  createContact(projectId: string, fields: Record<string, unknown>): Record<string, unknown> {
    const body = validBody(this.deps.schemas.createSession, fields);
    return renderSession(createSession(this.deps.store, this.project(projectId), body));
  }

  /** A contact edited in the app's UI. */
  updateContact(
    projectId: string,
    sessionId: string,
    fields: Record<string, unknown>,
  ): Record<string, unknown> {
    const body = validBody(this.deps.schemas.updateSession, fields);
    const project = this.project(projectId);
    return renderSession(
      updateSession(this.deps.store, project, sessionId, body, { source: 'app', method: 'UI' }),
    );
  }

  deleteContact(projectId: string, sessionId: string): void {
    deleteSession(this.project(projectId), sessionId);
  }

  createTicket(projectId: string, fields: Record<string, unknown>, options: AppSideOptions = {}) {
    const body = validBody(this.deps.schemas.createTicket, fields);
    const project = this.project(projectId);
    return renderTicket(
      project,
      createTicket(this.deps.store, project, body, { emit: options.webhook !== false }),
    );
  }

  updateTicket(
    projectId: string,
    ticketId: string,
    fields: Record<string, unknown>,
    options: AppSideOptions = {},
  ) {
    const body = validBody(this.deps.schemas.updateTicket, fields);
    const project = this.project(projectId);
    const emit = options.webhook !== false;
    return renderTicket(project, updateTicket(this.deps.store, project, ticketId, body, { emit }));
  }

  deleteTicket(projectId: string, ticketId: string): void {
    deleteTicket(this.project(projectId), ticketId);
  }

  /** A reply, comment or internal note written in the app. */
  addMessage(projectId: string, ticketId: string, message: AppSideMessage, options: AppSideOptions = {}) {
    if (typeof message?.text !== 'string' || message.text === '')
      throw new GleapError(400, 'text is required.');
    const project = this.project(projectId);
    const ticket = getTicket(project, ticketId);
    const author: Record<string, unknown> =
      message.author === 'contact' && typeof ticket['session'] === 'string'
        ? { session: ticket['session'] }
        : { user: project.users.keys().next().value };
    const created = createMessage(
      this.deps.store,
      project,
      { ticket: ticketId, comment: message.text, isNote: message.isNote === true, ...author },
      { emit: options.webhook !== false },
    );
    return renderMessage(project, created);
  }

  seed(projectId: string, options: GleapSeedOptions = {}): void {
    seedGleapProject(this.deps.store, this.project(projectId), options);
  }

  /** Back to the starting state: initial projects and seed data, no faults, default limits, no deliveries. */
  reset(): Promise<void> {
    return this.deps.resetAll();
  }

  /** Writes the snapshot file now; returns its path (undefined when the sandbox has none). */
  saveSnapshot(): string | undefined {
    return this.deps.saveSnapshot();
  }

  private project(projectId: string): GleapProject {
    return this.deps.store.project(projectId);
  }
}

export function credentialsOf(project: GleapProject): GleapCredentials {
  return { projectId: project.id, apiKey: project.apiKey, name: project.name };
}
