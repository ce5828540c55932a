import { findTrigger } from '../connectors/registry.ts';
import type { InboxEvent } from '../store/inbox.ts';
import type { FlowDocument } from './definition.ts';

/**
 * Whether an inbox event starts a flow: same connector, an event name the trigger listens
 * to (webhook triggers) or the trigger's own key (poll triggers store events under it), and
 * the flow's connection if it names one.
 */
export function flowMatches(
  flow: FlowDocument,
  event: InboxEvent,
  connectionIds: ReadonlySet<string>,
): boolean {
  let found: ReturnType<typeof findTrigger>;
  try {
    found = findTrigger(flow.trigger.event);
  } catch {
    return false;
  }
  if (found.connector.key !== event.source) return false;
  const trigger = found.trigger;
  const typeMatches =
    trigger.kind === 'webhook' ? trigger.events.includes(event.eventType) : event.eventType === trigger.key;
  if (!typeMatches) return false;
  if (flow.trigger.connection && event.connectionId && !connectionIds.has(event.connectionId)) return false;
  return true;
}
