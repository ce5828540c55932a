import type { z } from 'zod';
import { type ActionDefinition, defineAction } from '../../kernel/define.ts';
import type { GhlClient } from './client.ts';

/** `defineAction` with the GHL client as the context's client. */
export function defineGhlAction<Input extends z.ZodType, Output extends z.ZodType>(
  def: ActionDefinition<Input, Output, GhlClient>,
): Readonly<ActionDefinition<Input, Output, GhlClient>> {
  return defineAction(def);
}
