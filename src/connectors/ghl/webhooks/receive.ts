import type { Kysely } from 'kysely';
import type { Logger } from '../../../kernel/define.ts';
import type { Queue } from '../../../queue/types.ts';
import { inboxRepository } from '../../../store/inbox.ts';
import type { Schema } from '../../../store/schema.ts';
import { changeMarks, ghlScope } from './change-marks.ts';
import {
  checkFreshness,
  isLifecycle,
  type WebhookEnvelope,
  webhookDedupeKey,
  webhookEnvelope,
} from './envelope.ts';
import { enqueueInboxEvent, inboxEventByKey, type StoredRef } from './inbox-intake.ts';
import { applyLifecycle, type LifecycleOutcome } from './lifecycle.ts';
import { connectionForLocation } from './match-connection.ts';
import { markWebhook } from './record-marks.ts';
import type { WebhookVerifier } from './signature.ts';

export type ReceiveOutcome =
  | 'stored'
  | 'duplicate'
  | 'already_reported'
  | 'unmatched'
  | 'lifecycle'
  | 'refused'
  | 'malformed'
  | 'unavailable';

export interface ReceiveResult {
  status: 200 | 400 | 401 | 409 | 429;
  outcome: ReceiveOutcome;
  body: Record<string, unknown>;
}

export interface GhlWebhookReceiverOptions {
  db: Kysely<Schema>;
  queue: Queue;
  verifier: WebhookVerifier;
  maxAgeMs: number;
  log: Logger;
  now?: () => number;
}

type Headers = Record<string, string | string[] | undefined>;

type Landed =
  | { kind: 'duplicate'; ref: StoredRef | undefined }
  | { kind: 'stored' | 'already_reported' | 'unmatched'; id: string; reason?: string }
  | { kind: 'lifecycle'; id: string; lifecycle: LifecycleOutcome };

/** GHL retries a 429 six times about ten minutes apart: a retry may be older than the age limit. */
const OWED_FOR_MS = 80 * 60 * 1000;
const OWED_MAX = 10_000;

/**
 * `POST /webhooks/ghl` without the HTTP: signature over the raw bytes (401), JSON (400), age
 * (401), then — in one transaction — the inbox row (unique on webhookId), the connection's
 * INSTALL/UNINSTALL or the record marks; then the queue job; then 200. Any failure to store
 * answers 429, the only status GHL retries.
 */
export function createGhlWebhookReceiver(options: GhlWebhookReceiverOptions) {
  const now = options.now ?? Date.now;
  // Webhooks answered 429: their retries are accepted past the age limit (by this process).
  const owed = new Map<string, number>();

  function owe(key: string): void {
    if (owed.size >= OWED_MAX) owed.delete(owed.keys().next().value as string);
    owed.set(key, now() + OWED_FOR_MS);
  }
  const isOwed = (key: string) => (owed.get(key) ?? 0) > now();

  async function land(
    trx: Kysely<Schema>,
    envelope: WebhookEnvelope,
    payload: unknown,
    dedupeKey: string,
    at: number,
  ): Promise<Landed> {
    const inbox = inboxRepository(trx);
    const lifecycle = isLifecycle(envelope.type);
    const connection =
      !lifecycle && envelope.locationId ? await connectionForLocation(trx, envelope.locationId) : undefined;
    const added = await inbox.add({
      source: 'ghl',
      connectionId: connection?.id ?? null,
      eventType: envelope.type,
      dedupeKey,
      payload,
    });
    if (!added) return { kind: 'duplicate', ref: await inboxEventByKey(trx, 'ghl', dedupeKey) };
    if (lifecycle) {
      const outcome = await applyLifecycle(trx, envelope, at);
      await inbox.markDone(added.id, outcome.result === 'unmatched' ? outcome.message : undefined);
      return { kind: 'lifecycle', id: added.id, lifecycle: outcome };
    }
    if (!connection || connection.status === 'disabled') {
      const reason = connection
        ? `connection "${connection.name}" is disabled (app uninstalled?)`
        : `no GHL connection for location ${envelope.locationId ?? '(none given)'}`;
      await inbox.markDone(added.id, reason);
      return { kind: 'unmatched', id: added.id, reason };
    }
    const { covered } = await markWebhook(
      changeMarks(trx),
      ghlScope(String(envelope.locationId)),
      envelope,
      at,
    );
    if (covered) {
      await inbox.markDone(added.id);
      return { kind: 'already_reported', id: added.id };
    }
    return { kind: 'stored', id: added.id };
  }

  return {
    async receive(raw: Buffer, headers: Headers): Promise<ReceiveResult> {
      const signature = options.verifier.verify(raw, headers);
      if (!signature.ok) return answer(401, 'refused', signature.reason);
      let data: unknown;
      try {
        data = JSON.parse(raw.toString('utf8'));
      } catch {
        return answer(400, 'malformed', 'the body is not valid JSON');
      }
      const parsed = webhookEnvelope.safeParse(data);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? issue.path.join('.') : 'body';
        return answer(400, 'malformed', `${where}: ${issue?.message ?? 'is not a GHL webhook'}`);
      }
      const envelope = parsed.data;
      const dedupeKey = webhookDedupeKey(envelope, raw);
      const fresh = checkFreshness(envelope.timestamp, now(), options.maxAgeMs);
      if (!fresh.ok && !(fresh.status === 401 && isOwed(dedupeKey))) {
        return answer(fresh.status, fresh.status === 400 ? 'malformed' : 'refused', fresh.reason);
      }
      const at = (fresh.ok ? fresh.at : Date.parse(String(envelope.timestamp))) ?? now();

      try {
        const landed = await options.db
          .transaction()
          .execute((trx) => land(trx, envelope, data, dedupeKey, at));
        owed.delete(dedupeKey);
        switch (landed.kind) {
          case 'duplicate':
            if (landed.ref?.status === 'pending' && landed.ref.connectionId) {
              await enqueueInboxEvent(options.queue, landed.ref.id);
            }
            return answer(409, 'duplicate', `webhook ${dedupeKey} was already received`);
          case 'stored':
            await enqueueInboxEvent(options.queue, landed.id);
            return { status: 200, outcome: 'stored', body: { status: 'stored', id: landed.id } };
          case 'lifecycle':
            if (landed.lifecycle.result === 'unmatched')
              options.log.warn({ event: envelope.type }, landed.lifecycle.message);
            else
              options.log.info(
                { event: envelope.type, connections: landed.lifecycle.connectionIds },
                landed.lifecycle.message,
              );
            return {
              status: 200,
              outcome: 'lifecycle',
              body: { status: landed.lifecycle.result, id: landed.id },
            };
          case 'unmatched':
            options.log.warn(
              { event: envelope.type },
              `GHL webhook stored but not processed: ${landed.reason}`,
            );
            return { status: 200, outcome: 'unmatched', body: { status: 'unmatched', id: landed.id } };
          case 'already_reported':
            return {
              status: 200,
              outcome: 'already_reported',
              body: { status: 'already_reported', id: landed.id },
            };
        }
      } catch (error) {
        owe(dedupeKey);
        options.log.warn(
          { err: error instanceof Error ? error.message : String(error), event: envelope.type },
          'GHL webhook could not be stored; answered 429 so that GHL sends it again',
        );
        return answer(429, 'unavailable', 'the event could not be stored; send it again later');
      }
    },
  };

  function answer(status: ReceiveResult['status'], outcome: ReceiveOutcome, reason: string): ReceiveResult {
    if (outcome === 'refused' || outcome === 'malformed')
      options.log.warn({ status, reason }, 'GHL webhook refused');
    return { status, outcome, body: { error: reason } };
  }
}

export type GhlWebhookReceiver = ReturnType<typeof createGhlWebhookReceiver>;
