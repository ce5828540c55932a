import { ApiError, BridgeError } from '../../kernel/errors.ts';

/**
 * GHL refuses a create (or an update) that would duplicate a contact, on a location that does not
 * allow duplicates, with a 400 naming the existing contact in `meta.contactId` (not in the spec;
 * seen in the wild). That answer is turned into an error a flow can act on: it says which contact
 * already has the email or phone.
 */

export interface DuplicateMeta {
  contactId: string;
  contactName?: string;
  matchingField?: string;
}

export class DuplicateContactError extends BridgeError {
  readonly contactId: string;
  readonly matchingField: string | undefined;

  constructor(meta: DuplicateMeta, options: { hint?: string; cause?: unknown } = {}) {
    const field = meta.matchingField ? `the same ${meta.matchingField}` : 'the same email or phone';
    super(
      'conflict',
      `Contact ${meta.contactId} already has ${field}, and this location does not allow duplicates.`,
      {
        hint:
          options.hint ??
          'Nothing was created. Use that contact, or run ghl.find-or-create-contact or ghl.upsert-contact instead.',
        cause: options.cause,
      },
    );
    this.contactId = meta.contactId;
    this.matchingField = meta.matchingField;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), contactId: this.contactId, matchingField: this.matchingField };
  }
}

/** The duplicate's details when `error` is GHL's duplicate-contact 400, otherwise undefined. */
export function duplicateOf(error: unknown): DuplicateMeta | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  const body = error.body as { meta?: Record<string, unknown> } | null;
  const meta = body && typeof body === 'object' ? body.meta : undefined;
  if (!meta || typeof meta.contactId !== 'string' || meta.contactId === '') return undefined;
  return {
    contactId: meta.contactId,
    ...(typeof meta.contactName === 'string' ? { contactName: meta.contactName } : {}),
    ...(typeof meta.matchingField === 'string' ? { matchingField: meta.matchingField } : {}),
  };
}

/** Runs a create or update, turning GHL's duplicate 400 into a DuplicateContactError. */
export async function refusingDuplicates<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const duplicate = duplicateOf(error);
    if (duplicate) throw new DuplicateContactError(duplicate, { cause: error });
    throw error;
  }
}
