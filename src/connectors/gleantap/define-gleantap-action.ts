import type { z } from 'zod';
import { type ActionDefinition, defineAction } from '../../kernel/define.ts';
import type { GleantapClient } from './client.ts';

/** `defineAction` with the Gleantap client as the context's client. Gleantap keys carry no scopes. */
export function defineGleantapAction<Input extends z.ZodType, Output extends z.ZodType>(
  def: Omit<ActionDefinition<Input, Output, GleantapClient>, 'scopes'>,
): Readonly<ActionDefinition<Input, Output, GleantapClient>> {
  return defineAction({ ...def, scopes: [] });
}
