import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ValidationIssue } from '../../kernel/errors.ts';
import type { SecretsRepository } from '../../store/secrets.ts';

/**
 * Gleap does not sign its webhooks, so each connection gets its own URL carrying a random
 * secret: `/webhooks/gleap/<connection id>/<secret>`. The secret lives in the vault (so the URL
 * can be shown again) and is compared in constant time.
 */
export const GLEAP_WEBHOOK_SECRET = 'webhook_secret';
export const GLEAP_WEBHOOK_PREFIX = '/webhooks/gleap';

export function gleapWebhookPath(connectionId: string, secret: string): string {
  return `${GLEAP_WEBHOOK_PREFIX}/${encodeURIComponent(connectionId)}/${secret}`;
}

/** Creates the connection's webhook secret, or returns the one it has (its URL stays valid). */
export async function gleapWebhookSecret(secrets: SecretsRepository, connectionId: string): Promise<string> {
  const stored = await secrets.get(connectionId, GLEAP_WEBHOOK_SECRET);
  if (stored) return stored.value;
  const secret = randomBytes(32).toString('base64url');
  await secrets.put(connectionId, GLEAP_WEBHOOK_SECRET, secret);
  return secret;
}

/** Issues a new secret: the old URL stops working at once. */
export async function rotateGleapWebhookSecret(secrets: SecretsRepository, connectionId: string) {
  const secret = randomBytes(32).toString('base64url');
  await secrets.put(connectionId, GLEAP_WEBHOOK_SECRET, secret);
  return secret;
}

export async function isGleapWebhookSecret(
  secrets: SecretsRepository,
  connectionId: string,
  given: string,
): Promise<boolean> {
  const stored = await secrets.get(connectionId, GLEAP_WEBHOOK_SECRET);
  if (!stored) return false;
  // Digests have equal lengths, so the comparison takes the same time whatever was sent.
  return timingSafeEqual(digest(given), digest(stored.value));
}

export interface GleapWebhookEvent {
  event: string;
  projectId: string | undefined;
  /** Same change, same key: a redelivery is stored once. */
  dedupeKey: string;
}

/** Reads Gleap's envelope `{ event, projectId, data }`; issues name what is wrong with it. */
export function readGleapWebhook(body: unknown): GleapWebhookEvent | ValidationIssue[] {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return [{ path: 'body', message: 'must be a JSON object' }];
  const { event, projectId, data } = body as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  const named = typeof event === 'string' && /^[A-Za-z0-9_.-]{1,100}$/.test(event);
  if (!named) issues.push({ path: 'body.event', message: 'must be an event name such as ticket.updated' });
  if (!data || typeof data !== 'object') issues.push({ path: 'body.data', message: 'must be an object' });
  if (projectId !== undefined && typeof projectId !== 'string')
    issues.push({ path: 'body.projectId', message: 'must be a string' });
  if (!named || issues.length > 0) return issues;
  const record = data as Record<string, unknown>;
  const id =
    typeof record._id === 'string' ? record._id : typeof record.id === 'string' ? record.id : undefined;
  const updatedAt = typeof record.updatedAt === 'string' ? record.updatedAt : undefined;
  let dedupeKey: string;
  if (id && event.endsWith('.created')) dedupeKey = `${event}:${id}`;
  else if (id && updatedAt) dedupeKey = `${event}:${id}:${updatedAt}`;
  else dedupeKey = `${event}:sha256:${digest(JSON.stringify(body)).toString('hex')}`;
  return { event, projectId: projectId as string | undefined, dedupeKey };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
