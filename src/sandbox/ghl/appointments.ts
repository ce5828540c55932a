import type { GhlEvents } from './events.ts';
import { newId } from './ids.ts';
import type { Appointment, Location } from './model.ts';

export interface AppointmentInput {
  contactId: string;
  title?: string;
  calendarId?: string;
  /** ISO date-time or epoch ms; default: tomorrow at this hour. */
  startTime?: string | number;
  endTime?: string | number;
  appointmentStatus?: string;
  assignedUserId?: string;
  notes?: string;
  address?: string;
}

const toMs = (value: string | number | undefined, fallback: number) =>
  value === undefined ? fallback : typeof value === 'number' ? value : Date.parse(value);

/**
 * Appointments are made in HighLevel's calendars, outside the contacts API; the sandbox
 * makes them through its admin API so that Appointment* events can be produced.
 */
export class AppointmentService {
  constructor(private readonly events: GhlEvents) {}

  create(location: Location, input: AppointmentInput, options: { emit?: boolean } = {}): Appointment {
    const now = Date.now();
    const start = toMs(input.startTime, now + 86_400_000);
    const status = input.appointmentStatus ?? 'confirmed';
    const appointment: Appointment = {
      id: newId(),
      locationId: location.id,
      contactId: input.contactId,
      calendarId: input.calendarId ?? 'sandboxCalendar00001',
      title: input.title ?? 'Sandbox appointment',
      status: 'booked',
      appointmentStatus: status,
      users: [],
      assignedResources: [],
      source: 'sandbox',
      startTime: start,
      endTime: toMs(input.endTime, start + 30 * 60_000),
      dateAdded: now,
      dateUpdated: now,
      ...(input.assignedUserId !== undefined && { assignedUserId: input.assignedUserId }),
      ...(input.notes !== undefined && { notes: input.notes }),
      ...(input.address !== undefined && { address: input.address }),
    };
    location.appointments.set(appointment.id, appointment);
    if (options.emit ?? true) this.events.appointment('AppointmentCreate', appointment);
    return appointment;
  }

  update(appointment: Appointment, input: Partial<AppointmentInput>): Appointment {
    if (input.title !== undefined) appointment.title = input.title;
    if (input.calendarId !== undefined) appointment.calendarId = input.calendarId;
    if (input.startTime !== undefined) appointment.startTime = toMs(input.startTime, appointment.startTime);
    if (input.endTime !== undefined) appointment.endTime = toMs(input.endTime, appointment.endTime);
    if (input.appointmentStatus !== undefined) appointment.appointmentStatus = input.appointmentStatus;
    if (input.assignedUserId !== undefined) appointment.assignedUserId = input.assignedUserId;
    if (input.notes !== undefined) appointment.notes = input.notes;
    if (input.address !== undefined) appointment.address = input.address;
    appointment.dateUpdated = Math.max(Date.now(), appointment.dateUpdated + 1);
    this.events.appointment('AppointmentUpdate', appointment);
    return appointment;
  }

  delete(location: Location, appointment: Appointment): void {
    location.appointments.delete(appointment.id);
    this.events.appointment('AppointmentDelete', appointment);
  }
}
