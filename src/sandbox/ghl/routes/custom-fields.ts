import type { FastifyInstance } from 'fastify';
import { locationOf } from '../auth.ts';

/** The location's custom-field catalogue, so custom fields can be resolved by `fieldKey`. */
export function customFieldRoutes(app: FastifyInstance): void {
  app.get(
    '/locations/:locationId/customFields',
    { config: { ghl: { scope: 'locations/customFields.readonly' } } },
    async (request) => {
      const { locationId } = request.params as { locationId: string };
      const { model } = request.query as { model?: string };
      const location = locationOf(request, locationId);
      if (model && model !== 'contact' && model !== 'all') return { customFields: [] };
      return {
        customFields: location.customFields.map((field) => ({
          id: field.id,
          name: field.name,
          fieldKey: field.fieldKey,
          placeholder: field.placeholder,
          dataType: field.dataType,
          position: field.position,
          ...(field.picklistOptions && { picklistOptions: [...field.picklistOptions] }),
          locationId: location.id,
          model: 'contact',
          standard: false,
        })),
      };
    },
  );
}
