import { defineTrigger } from '../../../kernel/define.ts';
import { appointmentPayload, sampleAppointment } from './webhook-payloads.ts';
import { CALENDAR_EVENTS_READ } from './webhook-scopes.ts';

export const appointmentDeleted = defineTrigger({
  kind: 'webhook',
  key: 'appointment-deleted',
  title: 'Appointment deleted',
  description: 'An appointment was deleted.',
  events: ['AppointmentDelete'],
  scopes: [CALENDAR_EVENTS_READ],
  output: appointmentPayload,
  sample: { type: 'AppointmentDelete' as const, ...sampleAppointment },
});
