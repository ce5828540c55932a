import type { FastifyInstance } from 'fastify';
import { renderAppointment } from '../render.ts';
import { contactOf, type GhlServices, READ } from './context.ts';

/** A contact's appointments (they are booked through the admin API, see `appointments.ts`). */
export function appointmentRoutes(app: FastifyInstance, { state }: GhlServices): void {
  app.get('/contacts/:contactId/appointments', { config: READ }, async (request) => {
    const { location, contact } = contactOf(request, state);
    const events = [...location.appointments.values()]
      .filter((appointment) => appointment.contactId === contact.id)
      .sort((a, b) => a.startTime - b.startTime);
    return { events: events.map(renderAppointment) };
  });
}
