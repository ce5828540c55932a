import { z } from 'zod';
import type { ActionContext } from '../../kernel/define.ts';
import { AuthError, issuesFromZod, ValidationError } from '../../kernel/errors.ts';
import type { GhlClient } from './client.ts';
import type { Contact, CustomFieldValue } from './schemas.ts';

/**
 * The location's custom-field catalogue (`GET /locations/{locationId}/customFields`), so that
 * custom fields can be set and read by key or name: GHL's contact records only carry opaque ids.
 * It is cached per connection for a few minutes, so a burst of writes costs one catalogue call.
 */

export const CUSTOM_FIELDS_SCOPE = 'locations/customFields.readonly';
export const CATALOGUE_TTL_MS = 5 * 60_000;

export const customFieldDefinition = z.looseObject({
  id: z.string(),
  name: z.string(),
  fieldKey: z.string(),
  dataType: z.string().optional(),
  placeholder: z.string().nullish(),
  position: z.number().nullish(),
  picklistOptions: z.array(z.string()).nullish(),
});
export type CustomFieldDefinition = z.infer<typeof customFieldDefinition>;

const catalogueAnswer = z.looseObject({ customFields: z.array(customFieldDefinition) });

type GhlContext = Pick<ActionContext<GhlClient>, 'client' | 'connection' | 'signal'>;

export interface Catalogue {
  fields: readonly CustomFieldDefinition[];
  /** Fetched by this call rather than taken from the cache. */
  fresh: boolean;
}

interface Entry {
  fetchedAt: number;
  fields: Promise<readonly CustomFieldDefinition[]>;
}

const catalogues = new Map<string, Entry>();

function cacheKey(ctx: GhlContext): string {
  return `${ctx.connection.id}|${String(ctx.connection.meta.baseUrl ?? '')}|${ctx.client.locationId}`;
}

export function hasCustomFieldScope(ctx: GhlContext): boolean {
  return ctx.connection.scopes.includes(CUSTOM_FIELDS_SCOPE);
}

/** Refuses, before any request, what needs the catalogue on a connection that may not read it. */
export function requireCustomFieldScope(ctx: GhlContext, what: string): void {
  if (hasCustomFieldScope(ctx)) return;
  throw new AuthError(
    `${what} needs the scope ${CUSTOM_FIELDS_SCOPE}, which connection "${ctx.connection.name}" was not granted.`,
    {
      connection: ctx.connection.name,
      hint: 'Reconnect it with that scope included, or give custom fields by id. Nothing was sent.',
    },
  );
}

/** The catalogue, from the cache when it is younger than `maxAgeMs`; concurrent callers share one fetch. */
export async function customFieldCatalogue(
  ctx: GhlContext,
  options: { maxAgeMs?: number } = {},
): Promise<Catalogue> {
  const key = cacheKey(ctx);
  const now = Date.now();
  const cached = catalogues.get(key);
  if (cached && now - cached.fetchedAt <= (options.maxAgeMs ?? CATALOGUE_TTL_MS)) {
    return { fields: await cached.fields, fresh: false };
  }
  sweep(now);
  const entry: Entry = { fetchedAt: now, fields: fetchCatalogue(ctx) };
  catalogues.set(key, entry);
  entry.fields.catch(() => {
    if (catalogues.get(key) === entry) catalogues.delete(key);
  });
  return { fields: await entry.fields, fresh: true };
}

async function fetchCatalogue(ctx: GhlContext): Promise<readonly CustomFieldDefinition[]> {
  const path = `/locations/${encodeURIComponent(ctx.client.locationId)}/customFields`;
  const response = await ctx.client.request({
    method: 'GET',
    path,
    query: { model: 'contact' },
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const parsed = catalogueAnswer.safeParse(response.data);
  if (!parsed.success) {
    throw new ValidationError(`answer of GET ${path}`, issuesFromZod(parsed.error.issues, 'answer'), {
      hint: 'The custom-field catalogue came back in an unexpected shape; give custom fields by id.',
    });
  }
  return parsed.data.customFields;
}

function sweep(now: number): void {
  for (const [key, entry] of catalogues) {
    if (now - entry.fetchedAt > CATALOGUE_TTL_MS) catalogues.delete(key);
  }
}

/** Custom field values with the key and name of each field (those of deleted fields stay bare). */
export async function describeCustomFields(
  ctx: GhlContext,
  values: readonly CustomFieldValue[],
): Promise<CustomFieldValue[]> {
  const { fields } = await customFieldCatalogue(ctx);
  const byId = new Map(fields.map((field) => [field.id, field]));
  return values.map((value) => {
    const field = byId.get(value.id);
    return field ? { ...value, key: field.fieldKey, name: field.name } : { ...value };
  });
}

/** A contact whose custom fields carry their keys and names. */
export async function withFieldNames<C extends Pick<Contact, 'customFields'>>(
  ctx: GhlContext,
  contact: C,
): Promise<C> {
  if (!contact.customFields || contact.customFields.length === 0) return contact;
  return { ...contact, customFields: await describeCustomFields(ctx, contact.customFields) };
}

/** The input switch every read action with custom fields offers. */
export const customFieldNamesInput = z
  .boolean()
  .default(false)
  .describe(`Also give each custom field its key and name (needs ${CUSTOM_FIELDS_SCOPE})`);
