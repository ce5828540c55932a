import type { WebhookDispatcher } from '../common/index.ts';
import { randomUUID } from './ids.ts';
import type { Appointment, Contact, Location, Note, OAuthApp, Task } from './model.ts';
import { fullName } from './render.ts';
import type { GhlState } from './state.ts';

export type ContactEvent =
  | 'ContactCreate'
  | 'ContactUpdate'
  | 'ContactDelete'
  | 'ContactTagUpdate'
  | 'ContactDndUpdate';
export type NoteEvent = 'NoteCreate' | 'NoteUpdate' | 'NoteDelete';
export type TaskEvent = 'TaskCreate' | 'TaskComplete' | 'TaskDelete';
export type AppointmentEvent = 'AppointmentCreate' | 'AppointmentUpdate' | 'AppointmentDelete';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Builds HighLevel's webhook payloads (docs/webhook events/*.md) and hands them to the
 * dispatcher: to the sandbox-wide target and to every installed app's webhook URL.
 * Every payload carries `timestamp` and `webhookId`, as signed payloads do.
 */
export class GhlEvents {
  constructor(
    private readonly state: GhlState,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  contact(type: ContactEvent, contact: Contact): void {
    const payload: Record<string, unknown> = {
      type,
      locationId: contact.locationId,
      id: contact.id,
      address1: contact.address1,
      city: contact.city,
      state: contact.state,
      companyName: contact.companyName,
      country: contact.country,
      source: contact.source,
      dateAdded: iso(contact.dateAdded),
      dateOfBirth: contact.dateOfBirth,
      dnd: contact.dnd,
      email: contact.email,
      name: fullName(contact),
      firstName: contact.firstName,
      lastName: contact.lastName,
      phone: contact.phone,
      postalCode: contact.postalCode,
      tags: [...contact.tags],
      website: contact.website,
      attachments: [],
      assignedTo: contact.assignedTo,
      customFields: Object.entries(contact.customFields).map(([id, value]) => ({ id, value })),
    };
    if (type === 'ContactDndUpdate') payload.dndSettings = contact.dndSettings ?? {};
    this.emit(contact.locationId, type, payload);
  }

  note(type: NoteEvent, note: Note, locationId: string): void {
    this.emit(locationId, type, {
      type,
      locationId,
      id: note.id,
      body: note.body,
      contactId: note.contactId,
      dateAdded: iso(note.dateAdded),
    });
  }

  task(type: TaskEvent, task: Task, locationId: string): void {
    this.emit(locationId, type, {
      type,
      locationId,
      id: task.id,
      assignedTo: task.assignedTo,
      body: task.body,
      contactId: task.contactId,
      title: task.title,
      dateAdded: iso(task.dateAdded),
      dueDate: task.dueDate,
    });
  }

  appointment(type: AppointmentEvent, appointment: Appointment): void {
    this.emit(appointment.locationId, type, {
      type,
      locationId: appointment.locationId,
      appointment: {
        id: appointment.id,
        address: appointment.address,
        title: appointment.title,
        calendarId: appointment.calendarId,
        contactId: appointment.contactId,
        groupId: appointment.groupId,
        appointmentStatus: appointment.appointmentStatus,
        assignedUserId: appointment.assignedUserId,
        users: [...appointment.users],
        notes: appointment.notes,
        source: appointment.source,
        startTime: iso(appointment.startTime),
        endTime: iso(appointment.endTime),
        dateAdded: iso(appointment.dateAdded),
        dateUpdated: iso(appointment.dateUpdated),
      },
    });
  }

  /** INSTALL goes only to the app's default webhook URL (and the sandbox-wide target). */
  install(app: OAuthApp, resource: { companyId: string; locationId?: string; userId: string }): void {
    const company = this.state.companies.get(resource.companyId);
    const payload = {
      type: 'INSTALL',
      appId: app.appId,
      versionId: app.versionId,
      installType: resource.locationId ? 'Location' : 'Company',
      ...(resource.locationId && { locationId: resource.locationId }),
      companyId: resource.companyId,
      userId: resource.userId,
      companyName: company?.name,
      isWhitelabelCompany: false,
      whitelabelDetails: { domain: '', logoUrl: '' },
      trial: {},
    };
    this.send([app], 'INSTALL', payload, resource.locationId ?? resource.companyId);
  }

  uninstall(app: OAuthApp, resource: { companyId: string; locationId?: string }): void {
    const payload = {
      type: 'UNINSTALL',
      appId: app.appId,
      ...(resource.locationId ? { locationId: resource.locationId } : { companyId: resource.companyId }),
    };
    this.send([app], 'UNINSTALL', payload, resource.locationId ?? resource.companyId);
  }

  private emit(locationId: string, type: string, payload: Record<string, unknown>): void {
    const location: Location | undefined = this.state.locations.get(locationId);
    this.send(location ? this.state.appsOf(location) : [], type, payload, locationId);
  }

  private send(apps: OAuthApp[], type: string, payload: Record<string, unknown>, resourceId: string): void {
    const body = { ...payload, timestamp: new Date().toISOString(), webhookId: randomUUID() };
    const tags = { location: resourceId };
    const appTargets = apps.filter((app) => app.webhookUrl);
    for (const app of appTargets) {
      this.dispatcher.send(type, body, { target: app.webhookUrl!, tags: { ...tags, app: app.clientId } });
    }
    // The sandbox-wide target; without one (and no app target) the event is still logged as `no_target`.
    if (this.dispatcher.target().url || appTargets.length === 0) this.dispatcher.send(type, body, { tags });
  }
}
