import type { ActionContext } from '../../kernel/define.ts';
import { ValidationError, type ValidationIssue } from '../../kernel/errors.ts';
import type { GhlClient } from './client.ts';
import {
  type CustomFieldDefinition,
  customFieldCatalogue,
  hasCustomFieldScope,
  requireCustomFieldScope,
} from './custom-fields.ts';
import type { CustomFieldInput } from './schemas.ts';

/**
 * Custom field inputs by id, key or name → the `{ id, field_value }` items GHL takes. Ids are
 * what is sent: GHL ignores an item it cannot place without saying so, so every reference is
 * resolved (and its value checked) against the location's catalogue before anything is sent.
 */

type GhlContext = Pick<ActionContext<GhlClient>, 'client' | 'connection' | 'signal'>;

export interface ResolvedCustomField {
  id: string;
  field_value: CustomFieldInput['field_value'];
}

export async function resolveCustomFields(
  ctx: GhlContext,
  items: readonly CustomFieldInput[] | undefined,
  path = 'input.customFields',
): Promise<ResolvedCustomField[] | undefined> {
  if (!items) return undefined;
  const byReference = items.some((item) => item.id === undefined);
  if (byReference) requireCustomFieldScope(ctx, 'Setting a custom field by key or name');
  // Ids alone are checked only where the catalogue may be read; otherwise they go as given.
  if (!byReference && !hasCustomFieldScope(ctx)) {
    return items.map((item) => ({ id: item.id as string, field_value: item.field_value }));
  }
  let catalogue = await customFieldCatalogue(ctx);
  let result = resolveAgainst(catalogue.fields, items, path);
  if (result.unknown && !catalogue.fresh) {
    // The field may be newer than the cached catalogue: look once more before refusing.
    catalogue = await customFieldCatalogue(ctx, { maxAgeMs: 0 });
    result = resolveAgainst(catalogue.fields, items, path);
  }
  if (result.issues.length > 0) {
    throw new ValidationError('custom fields', result.issues, {
      hint: 'Nothing was sent. The ghl.list-custom-fields action lists the fields of the location.',
    });
  }
  return result.resolved;
}

/** A contact body whose custom fields are resolved to ids. */
export async function withCustomFieldIds<T extends { customFields?: CustomFieldInput[] | undefined }>(
  ctx: GhlContext,
  fields: T,
): Promise<Omit<T, 'customFields'> & { customFields?: ResolvedCustomField[] }> {
  const { customFields, ...rest } = fields;
  const resolved = await resolveCustomFields(ctx, customFields);
  return resolved ? { ...rest, customFields: resolved } : rest;
}

function resolveAgainst(
  fields: readonly CustomFieldDefinition[],
  items: readonly CustomFieldInput[],
  path: string,
) {
  const issues: ValidationIssue[] = [];
  const resolved: ResolvedCustomField[] = [];
  const seen = new Map<string, number>();
  let unknown = false;
  items.forEach((item, index) => {
    const where = `${path}[${index}]`;
    const found = find(fields, item);
    if ('problem' in found) {
      unknown ||= found.unknown;
      issues.push({ path: `${where}.${found.by}`, message: found.problem });
      return;
    }
    const field = found.field;
    const earlier = seen.get(field.id);
    if (earlier !== undefined) {
      issues.push({ path: where, message: `sets ${label(field)} again (already set at [${earlier}])` });
      return;
    }
    seen.set(field.id, index);
    const problem = valueProblem(field, item.field_value);
    if (problem) issues.push({ path: `${where}.field_value`, message: problem });
    else resolved.push({ id: field.id, field_value: item.field_value });
  });
  return { resolved, issues, unknown };
}

type Found =
  | { field: CustomFieldDefinition }
  | { by: 'id' | 'key' | 'name'; problem: string; unknown: boolean };

function find(fields: readonly CustomFieldDefinition[], item: CustomFieldInput): Found {
  if (item.id !== undefined) {
    const field = fields.find((f) => f.id === item.id);
    if (field) return { field };
    return { by: 'id', problem: `no custom field with id "${item.id}" in this location`, unknown: true };
  }
  if (item.key !== undefined) {
    const wanted = normalKey(item.key);
    const field = fields.find((f) => normalKey(f.fieldKey) === wanted);
    if (field) return { field };
    return { by: 'key', problem: unknownMessage('key', item.key, fields), unknown: true };
  }
  const wanted = normalName(item.name ?? '');
  const matches = fields.filter((f) => normalName(f.name) === wanted);
  if (matches.length === 1) return { field: matches[0] as CustomFieldDefinition };
  if (matches.length > 1) {
    const keys = matches.map((f) => f.fieldKey).join(', ');
    return {
      by: 'name',
      problem: `several custom fields are named "${item.name}" (${keys}); give the key`,
      unknown: false,
    };
  }
  return { by: 'name', problem: unknownMessage('name', item.name ?? '', fields), unknown: true };
}

/** `favourite_colour`, `contact.favourite_colour` and `Contact.Favourite_Colour` are one key. */
function normalKey(key: string): string {
  const lower = key.trim().toLowerCase();
  return lower.startsWith('contact.') ? lower : `contact.${lower}`;
}

function normalName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

const label = (field: CustomFieldDefinition) => `${field.fieldKey} ("${field.name}")`;

function unknownMessage(by: 'key' | 'name', given: string, fields: readonly CustomFieldDefinition[]): string {
  const close = closeFields(given, fields);
  const base = `no custom field with ${by} "${given}" in this location`;
  if (close.length > 0) return `${base}; did you mean ${close.map(label).join(' or ')}?`;
  if (fields.length === 0) return `${base}, which has no custom fields`;
  const listed = fields.slice(0, 10).map(label).join(', ');
  return `${base}; its fields are ${listed}${fields.length > 10 ? ', …' : ''}`;
}

/** Up to three fields whose key or name is within a few edits of what was given. */
export function closeFields(
  given: string,
  fields: readonly CustomFieldDefinition[],
): CustomFieldDefinition[] {
  const wanted = bare(given);
  const scored = fields
    .map((field) => {
      const candidates = [bare(field.fieldKey), bare(field.name)];
      const distance = Math.min(...candidates.map((c) => editDistance(wanted, c)));
      const contains = candidates.some(
        (c) => wanted.length >= 3 && (c.includes(wanted) || wanted.includes(c)),
      );
      return { field, distance: contains ? 0 : distance };
    })
    .filter(({ distance }) => distance <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.distance - b.distance);
  return scored.slice(0, 3).map(({ field }) => field);
}

/** Lower case, no `contact.` prefix, words joined by `_`, so keys and names compare. */
function bare(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^contact\./, '')
    .replace(/[\s-]+/g, '_');
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

const NUMERIC = new Set(['NUMERICAL', 'MONETORY', 'MONETARY']);
const ONE_OPTION = new Set(['SINGLE_OPTIONS', 'RADIO']);
const MANY_OPTIONS = new Set(['MULTIPLE_OPTIONS', 'CHECKBOX']);

/** The checks GHL's field types imply; a wrong value would otherwise be dropped or garbled. */
function valueProblem(
  field: CustomFieldDefinition,
  value: CustomFieldInput['field_value'],
): string | undefined {
  if (value === null) return undefined;
  const type = field.dataType?.toUpperCase() ?? '';
  const options = field.picklistOptions ?? [];
  if (NUMERIC.has(type)) {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    return typeof number === 'number' && Number.isFinite(number)
      ? undefined
      : `${label(field)} takes a number`;
  }
  if (ONE_OPTION.has(type) && options.length > 0) {
    return typeof value === 'string' && options.includes(value)
      ? undefined
      : `${label(field)} takes one of ${options.join(', ')}`;
  }
  if (MANY_OPTIONS.has(type)) {
    if (!Array.isArray(value)) return `${label(field)} takes a list of options`;
    const wrong = options.length > 0 ? value.filter((v) => !options.includes(v)) : [];
    return wrong.length === 0
      ? undefined
      : `${label(field)} has no option ${wrong.join(', ')} (options: ${options.join(', ')})`;
  }
  return undefined;
}
