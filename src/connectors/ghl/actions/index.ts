import { createTask } from './create-task.ts';
import { getContact } from './get-contact.ts';

/** Every GHL action, one file each; the catalog is derived from this list. */
export const ghlActions = [getContact, createTask];
