import { defineTrigger } from '../../../kernel/define.ts';
import { appointmentPayload, sampleAppointment } from './webhook-payloads.ts';
import { CALENDAR_EVENTS_READ } from './webhook-scopes.ts';

export const appointmentCreated = defineTrigger({
  kind: 'webhook',
  key: 'appointment-created',
  title: 'Appointment booked',
  description: 'An appointment was booked for a contact; the details are under `appointment`.',
  events: ['AppointmentCreate'],
  scopes: [CALENDAR_EVENTS_READ],
  output: appointmentPayload,
  sample: { type: 'AppointmentCreate' as const, ...sampleAppointment },
});
