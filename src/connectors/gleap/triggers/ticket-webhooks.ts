import { defineTrigger, type WebhookTriggerDefinition } from '../../../kernel/define.ts';
import { ticketEnvelope, ticketSample } from './envelope.ts';

const HOW =
  "Gleap sends it to this connection's webhook URL (add it in Gleap under Settings → Integrations → Webhooks). Gleap does not sign webhooks: the URL carries a secret, and a request with a wrong one is refused and stores nothing.";

function ticketWebhook(key: string, event: string, title: string, what: string) {
  const definition: WebhookTriggerDefinition = {
    key,
    kind: 'webhook',
    title,
    description: `${what} ${HOW}`,
    scopes: [],
    events: [event],
    output: ticketEnvelope,
    sample: { ...ticketSample, event },
  };
  return defineTrigger(definition);
}

export const ticketCreatedWebhook = ticketWebhook(
  'ticket-created',
  'ticket.created',
  'Ticket created (instant)',
  'A ticket was created in Gleap (by a contact, an agent or the API).',
);

export const ticketUpdatedWebhook = ticketWebhook(
  'ticket-updated',
  'ticket.updated',
  'Ticket updated (instant)',
  'A Gleap ticket changed: status, priority, assignee, tags, or a new comment or note.',
);
