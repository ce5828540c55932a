import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import {
  GLEAP_WEBHOOK_PREFIX,
  isGleapWebhookSecret,
  readGleapWebhook,
} from '../../connectors/gleap/webhook.ts';
import type { Queue } from '../../queue/types.ts';
import type { ConnectionsRepository } from '../../store/connections.ts';
import type { InboxRepository } from '../../store/inbox.ts';
import type { Schema } from '../../store/schema.ts';
import type { SecretsRepository } from '../../store/secrets.ts';
import type { Runtime } from '../runtime.ts';

/** The job kind the flow engine takes inbox events from. */
const INBOX_JOB = 'inbox.event';
/** Gleap documents no retry policy; a 429 is the answer most senders (GHL among them) retry. */
const RETRY_AFTER_SECONDS = 60;

export interface GleapWebhookDeps {
  connections: ConnectionsRepository;
  secrets: SecretsRepository;
  inbox: InboxRepository;
  queue: Queue;
  db: Kysely<Schema>;
  log: Logger;
  /** Largest body accepted, in bytes (a larger one is answered 413 and not stored). */
  bodyLimit?: number;
}

export function gleapWebhookDepsOf(runtime: Runtime): GleapWebhookDeps {
  return {
    ...runtime.repos,
    queue: runtime.queue,
    db: runtime.store.db,
    log: runtime.log,
    bodyLimit: runtime.config.webhookBodyLimit,
  };
}

type Outcome = 'stored' | 'duplicate' | 'refused' | 'unavailable';

/**
 * `POST /webhooks/gleap/<connection id>/<secret>`: Gleap's unsigned webhooks. Order matters:
 * the connection and its secret are checked before anything is written, so a wrong secret
 * stores nothing; the event is durable in the inbox before the 200; a store that fails answers
 * 429 so that Gleap (if it retries at all) sends it again, and the redelivery is deduplicated.
 * The URL (which holds the secret) never reaches a log line.
 */
export function gleapWebhookRoutes(app: FastifyInstance, deps: GleapWebhookDeps): void {
  const count = (outcome: Outcome) => app.metrics?.webhooksReceived.inc({ source: 'gleap', outcome });

  app.post<{ Params: { connectionId: string; secret: string } }>(
    `${GLEAP_WEBHOOK_PREFIX}/:connectionId/:secret`,
    deps.bodyLimit ? { bodyLimit: deps.bodyLimit } : {},
    async (request, reply) => {
      const { connectionId, secret } = request.params;
      let verdict: 'ok' | 'unknown' | 'wrong-secret';
      let projectId: unknown;
      try {
        const connection = await deps.connections.find(connectionId);
        if (
          !connection ||
          connection.id !== connectionId ||
          connection.connector !== 'gleap' ||
          connection.status === 'disabled'
        ) {
          verdict = 'unknown';
        } else {
          projectId = connection.meta.projectId;
          verdict = (await isGleapWebhookSecret(deps.secrets, connection.id, secret)) ? 'ok' : 'wrong-secret';
        }
      } catch (error) {
        return unavailable(reply, deps.log, error, count);
      }
      if (verdict === 'unknown') {
        count('refused');
        return reply
          .code(404)
          .send({ error: 'No Gleap webhook at this address: the connection does not exist.' });
      }
      if (verdict === 'wrong-secret') {
        count('refused');
        return reply.code(401).send({
          error: 'Wrong webhook secret: copy the webhook URL of this connection again into Gleap.',
        });
      }

      const event = readGleapWebhook(request.body);
      if (Array.isArray(event)) {
        count('refused');
        const problems = event.map((issue) => `${issue.path} ${issue.message}`).join('; ');
        return reply.code(400).send({ error: `Not a Gleap webhook: ${problems}.` });
      }
      if (event.projectId && typeof projectId === 'string' && event.projectId !== projectId) {
        count('refused');
        return reply.code(400).send({
          error: `This webhook is for Gleap project ${event.projectId}; the connection is for project ${projectId}.`,
        });
      }

      try {
        const stored = await deps.inbox.add({
          source: 'gleap',
          connectionId,
          eventType: event.event,
          dedupeKey: event.dedupeKey,
          payload: request.body,
        });
        const eventId = stored?.id ?? (await pendingDuplicate(deps.db, event.dedupeKey));
        // Keyed by the event: a job already waiting for it makes this a no-op.
        if (eventId) await deps.queue.enqueue(INBOX_JOB, { eventId }, { key: eventId });
        count(stored ? 'stored' : 'duplicate');
        return reply.code(200).send({ received: true, duplicate: !stored });
      } catch (error) {
        return unavailable(reply, deps.log, error, count);
      }
    },
  );
}

/** A redelivered event whose first copy is still waiting to be handled (its job may have been lost). */
async function pendingDuplicate(db: Kysely<Schema>, dedupeKey: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('inbox_events')
    .select('id')
    .where('source', '=', 'gleap')
    .where('dedupe_key', '=', dedupeKey)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.id;
}

function unavailable(reply: FastifyReply, log: Logger, error: unknown, count: (outcome: Outcome) => void) {
  count('unavailable');
  log.warn(
    { source: 'gleap', error: error instanceof Error ? error.message : String(error) },
    'Gleap webhook not stored; asked Gleap to send it again',
  );
  return reply
    .code(429)
    .header('retry-after', String(RETRY_AFTER_SECONDS))
    .send({ error: 'The event could not be stored right now; send it again later.' });
}
