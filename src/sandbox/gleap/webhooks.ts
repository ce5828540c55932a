import type { WebhookDispatcher } from '../common/index.ts';
import type { GleapChange, GleapWebhook } from './model.ts';
import { renderTicket } from './render.ts';
import type { GleapStore } from './store.ts';

/**
 * Sends Gleap's webhooks: `{ event, projectId, data: <ticket> }` POSTed to each enabled
 * webhook of the project whose `events` and `filters.ticketTypes` match ([3P] gleaptracker's
 * payload type). Gleap does not sign; a webhook's custom `headers` go with every delivery,
 * which is how a receiver gets its shared secret. When a project has no webhook of its own,
 * the sandbox-wide target (`PUT /_sandbox/webhooks/target`) receives every event.
 */
export function emitGleapWebhooks(store: GleapStore, dispatcher: WebhookDispatcher): () => void {
  return store.onChange((change) => {
    const payload = {
      event: change.event,
      projectId: change.project.id,
      data: renderTicket(change.project, change.ticket),
    };
    const tags = { project: change.project.id, ticket: change.ticket._id };
    const webhooks = change.project.webhooks;
    if (webhooks.length === 0) {
      dispatcher.send(change.event, payload, { tags });
      return;
    }
    for (const webhook of webhooks) {
      if (!wants(webhook, change)) continue;
      dispatcher.send(change.event, payload, {
        target: webhook.url,
        headers: Object.fromEntries((webhook.headers ?? []).map(({ key, value }) => [key, value])),
        tags: { ...tags, webhook: webhook.id },
      });
    }
  });
}

function wants(webhook: GleapWebhook, change: GleapChange): boolean {
  if (webhook.enabled === false) return false;
  if (webhook.events && webhook.events.length > 0 && !webhook.events.includes(change.event)) return false;
  const types = webhook.filters?.ticketTypes;
  if (types && types.length > 0 && !types.includes(String(change.ticket['type']))) return false;
  return true;
}
