import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * What the receiver needs of any GHL webhook body before it knows the event: its type, where
 * it belongs, and the replay-protection fields signed payloads carry. The rest is kept as sent.
 */
export const webhookEnvelope = z.looseObject({
  type: z.string().min(1, 'is required'),
  locationId: z.string().min(1).nullish(),
  companyId: z.string().min(1).nullish(),
  appId: z.string().nullish(),
  webhookId: z.string().min(1).nullish(),
  timestamp: z.string().nullish(),
});
export type WebhookEnvelope = z.infer<typeof webhookEnvelope>;

export const LIFECYCLE_EVENTS = ['INSTALL', 'UNINSTALL'] as const;

export function isLifecycle(type: string): type is (typeof LIFECYCLE_EVENTS)[number] {
  return (LIFECYCLE_EVENTS as readonly string[]).includes(type);
}

/** The inbox dedupe key of a webhook: its `webhookId`, or the body's digest when GHL sent none. */
export function webhookDedupeKey(envelope: WebhookEnvelope, raw: Buffer): string {
  return envelope.webhookId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

export type Freshness =
  | { ok: true; at: number | undefined }
  | { ok: false; status: 400 | 401; reason: string };

/**
 * Replay protection by age: a `timestamp` older than `maxAgeMs` (or as far in the future, a
 * clock that cannot be trusted) is refused. A body without one relies on its webhookId alone.
 */
export function checkFreshness(
  timestamp: string | null | undefined,
  now: number,
  maxAgeMs: number,
): Freshness {
  if (timestamp === undefined || timestamp === null) return { ok: true, at: undefined };
  const at = Date.parse(timestamp);
  if (Number.isNaN(at)) return { ok: false, status: 400, reason: 'timestamp is not a date' };
  if (now - at > maxAgeMs) {
    return { ok: false, status: 401, reason: `timestamp is older than ${Math.round(maxAgeMs / 1000)} s` };
  }
  if (at - now > maxAgeMs) {
    return {
      ok: false,
      status: 401,
      reason: `timestamp is more than ${Math.round(maxAgeMs / 1000)} s ahead`,
    };
  }
  return { ok: true, at };
}
