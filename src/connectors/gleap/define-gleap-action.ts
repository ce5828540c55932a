import type { z } from 'zod';
import { type ActionDefinition, defineAction } from '../../kernel/define.ts';
import type { GleapClient } from './client.ts';

/** `defineAction` with the Gleap client as the context's client. Gleap API keys carry no scopes. */
export function defineGleapAction<Input extends z.ZodType, Output extends z.ZodType>(
  def: Omit<ActionDefinition<Input, Output, GleapClient>, 'scopes'>,
): Readonly<ActionDefinition<Input, Output, GleapClient>> {
  return defineAction({ ...def, scopes: [] });
}
