import { z } from 'zod';
import { CUSTOM_FIELDS_SCOPE, customFieldCatalogue } from '../custom-fields.ts';
import { defineGhlAction } from '../define-ghl-action.ts';

export const listCustomFields = defineGhlAction({
  key: 'list-custom-fields',
  title: 'List custom fields',
  description:
    "The location's custom contact fields with their keys, names and types, as used to set custom fields by key " +
    'or name. Kept for a few minutes; ask for a fresh copy after adding a field in GHL.',
  scopes: [CUSTOM_FIELDS_SCOPE],
  idempotent: true,
  input: z.object({
    fresh: z.boolean().default(false).describe('Fetch it again rather than use the kept copy'),
  }),
  output: z.object({
    customFields: z.array(
      z.object({
        id: z.string(),
        key: z.string(),
        name: z.string(),
        dataType: z.string().optional(),
        options: z.array(z.string()).optional(),
      }),
    ),
  }),
  async run(ctx, { fresh }) {
    const { fields } = await customFieldCatalogue(ctx, fresh ? { maxAgeMs: 0 } : {});
    return {
      customFields: fields.map((field) => ({
        id: field.id,
        key: field.fieldKey,
        name: field.name,
        ...(field.dataType ? { dataType: field.dataType } : {}),
        ...(field.picklistOptions && field.picklistOptions.length > 0
          ? { options: [...field.picklistOptions] }
          : {}),
      })),
    };
  },
});
