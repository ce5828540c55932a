import {
  ghlNoteToGleantap,
  ghlSnapshotToGleantap,
  ghlTaskCompletedToGleantap,
  ghlTaskCreatedToGleantap,
} from './ghl-to-gleantap.ts';
import { gleantapActivityToGhlTask, gleantapRemovedCustomerToGhl } from './gleantap-activity.ts';
import { gleantapNewCustomerToGhl, gleantapUpdatedCustomerToGhl } from './gleantap-to-ghl.ts';
import {
  ghlContactToGleap,
  ghlContactUpdatedToGleap,
  gleapContactToGhl,
  gleapTicketSubmitterToGhl,
} from './gleap-ghl.ts';
import { gleapTicketNoteToGhlNote } from './gleap-notes.ts';
import { gleapTicketToGhlTask, gleapTicketUpdatedToGhlTask } from './gleap-tickets.ts';
import type { Recipe } from './types.ts';

export type { Recipe, RecipeConnections } from './types.ts';

/** The ready-made flows, documented in docs/recipes.md. */
export const recipes: readonly Recipe[] = [
  gleantapNewCustomerToGhl,
  gleantapUpdatedCustomerToGhl,
  ghlSnapshotToGleantap,
  ghlTaskCreatedToGleantap,
  ghlTaskCompletedToGleantap,
  ghlNoteToGleantap,
  ghlContactToGleap,
  ghlContactUpdatedToGleap,
  gleapContactToGhl,
  gleapTicketSubmitterToGhl,
  gleapTicketToGhlTask,
  gleapTicketUpdatedToGhlTask,
  gleantapActivityToGhlTask,
  gleantapRemovedCustomerToGhl,
  gleapTicketNoteToGhlNote,
];

export function findRecipe(key: string): Recipe | undefined {
  return recipes.find((r) => r.key === key);
}
