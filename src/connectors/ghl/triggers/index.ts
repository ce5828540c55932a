import type { TriggerDefinition } from '../../../kernel/define.ts';

/** Every GHL trigger, one file each; the catalog is derived from this list. */
export const ghlTriggers: TriggerDefinition[] = [];
