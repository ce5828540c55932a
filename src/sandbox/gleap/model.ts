/**
 * The Gleap sandbox's data. Records are kept as plain documents, the way Gleap's MongoDB
 * keeps them, so that "filter on any property" works the same for every field.
 */

export type GleapDoc = Record<string, unknown> & { _id: string; createdAt: string; updatedAt: string };

/** A webhook as Gleap's `WebhookDto` describes it (set up in Gleap's dashboard, here through the admin API). */
export interface GleapWebhook {
  id: string;
  name: string;
  url: string;
  enabled?: boolean;
  events?: string[];
  headers?: { key: string; value: string }[];
  filters?: { ticketTypes?: string[] };
}

export interface GleapProject {
  id: string;
  name: string;
  organisation: string;
  apiKey: string;
  sessions: Map<string, GleapDoc>;
  tickets: Map<string, GleapDoc>;
  messages: Map<string, GleapDoc>;
  /** Team members (agents): who tickets are assigned to and who writes replies and notes. */
  users: Map<string, GleapDoc>;
  nextBugId: number;
  webhooks: GleapWebhook[];
}

/** The events the sandbox emits; the only two seen in use ([3P] gleaptracker). */
export const GLEAP_WEBHOOK_EVENTS = ['ticket.created', 'ticket.updated'] as const;
export type GleapWebhookEvent = (typeof GLEAP_WEBHOOK_EVENTS)[number];

export class GleapError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, { message: string; value?: unknown }>,
  ) {
    super(message);
  }
}

/** A change an observer (the webhook emitter) hears about. */
export interface GleapChange {
  project: GleapProject;
  event: GleapWebhookEvent;
  ticket: GleapDoc;
}

export type GleapClock = () => Date;
