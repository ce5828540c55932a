import type { FastifyInstance } from 'fastify';
import { locationOf } from '../auth.ts';
import { renderAppointment } from '../render.ts';
import { contactOf, type GhlServices, READ } from './context.ts';

/** A contact's appointments, and the location's custom-field catalogue (to resolve fields by key). */
export function appointmentAndFieldRoutes(app: FastifyInstance, { state }: GhlServices): void {
  app.get('/contacts/:contactId/appointments', { config: READ }, async (request) => {
    const { location, contact } = contactOf(request, state);
    const events = [...location.appointments.values()]
      .filter((appointment) => appointment.contactId === contact.id)
      .sort((a, b) => a.startTime - b.startTime);
    return { events: events.map(renderAppointment) };
  });

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
