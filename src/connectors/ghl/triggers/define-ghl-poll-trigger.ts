import type { z } from 'zod';
import { defineTrigger, type PollTriggerDefinition, type TriggerDefinition } from '../../../kernel/define.ts';
import type { GhlClient } from '../client.ts';

export type GhlPollTrigger<Cursor> = Readonly<PollTriggerDefinition<z.ZodType, GhlClient, Cursor>>;

/**
 * `defineTrigger` for a polling trigger with the GHL client and its own cursor type (the kernel's
 * trigger list erases both, since each trigger's cursor is its own business).
 */
export function defineGhlPollTrigger<Cursor>(
  def: PollTriggerDefinition<z.ZodType, GhlClient, Cursor>,
): GhlPollTrigger<Cursor> {
  return defineTrigger(def) as unknown as GhlPollTrigger<Cursor>;
}

/** The trigger as the connector's list holds it. */
export function listed<Cursor>(trigger: GhlPollTrigger<Cursor>): TriggerDefinition {
  return trigger;
}
