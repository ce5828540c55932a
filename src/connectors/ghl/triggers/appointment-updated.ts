import { defineTrigger } from '../../../kernel/define.ts';
import { appointmentPayload, sampleAppointment } from './webhook-payloads.ts';
import { CALENDAR_EVENTS_READ } from './webhook-scopes.ts';

export const appointmentUpdated = defineTrigger({
  kind: 'webhook',
  key: 'appointment-updated',
  title: 'Appointment changed',
  description:
    'An appointment was rescheduled, confirmed, cancelled or otherwise changed; `appointment.appointmentStatus` tells which state it is in.',
  events: ['AppointmentUpdate'],
  scopes: [CALENDAR_EVENTS_READ],
  output: appointmentPayload,
  sample: {
    type: 'AppointmentUpdate' as const,
    ...sampleAppointment,
    appointment: { ...sampleAppointment.appointment, appointmentStatus: 'cancelled' },
  },
});
