import { existsSync, readFileSync } from 'node:fs';
import type {
  AccessToken,
  Appointment,
  Company,
  Contact,
  CustomFieldDefinition,
  LocationSettings,
  Note,
  OAuthApp,
  RefreshToken,
  Task,
} from './model.ts';
import type { GhlState } from './state.ts';
import type { WebhookKeyPems } from './webhook-keys.ts';

export interface SnapshotData {
  version: 1;
  savedAt: string;
  companies: Company[];
  locations: {
    id: string;
    companyId: string;
    name: string;
    address: string;
    settings: LocationSettings;
    customFields: CustomFieldDefinition[];
    contacts: Contact[];
    tasks: Task[];
    notes: Note[];
    appointments: Appointment[];
  }[];
  apps: OAuthApp[];
  accessTokens: AccessToken[];
  refreshTokens: RefreshToken[];
  installs: [string, number][];
  keys: WebhookKeyPems;
  accessTokenTtlSeconds: number;
  /** The location the sandbox made at start, with its PIT (printed by the CLI). */
  defaultLocation?: {
    locationId: string;
    companyId: string;
    name: string;
    privateIntegrationToken: string;
    scopes: string[];
  };
}

export function toSnapshot(
  state: GhlState,
  keys: WebhookKeyPems,
  accessTokenTtlSeconds: number,
): SnapshotData {
  return {
    version: 1,
    savedAt: new Date().toISOString(),
    companies: [...state.companies.values()],
    locations: [...state.locations.values()].map((l) => ({
      id: l.id,
      companyId: l.companyId,
      name: l.name,
      address: l.address,
      settings: l.settings,
      customFields: l.customFields,
      contacts: [...l.contacts.values()],
      tasks: [...l.tasks.values()].flatMap((tasks) => [...tasks.values()]),
      notes: [...l.notes.values()].flatMap((notes) => [...notes.values()]),
      appointments: [...l.appointments.values()],
    })),
    apps: [...state.apps.values()],
    accessTokens: [...state.accessTokens.values()],
    refreshTokens: [...state.refreshTokens.values()],
    installs: [...state.installs.entries()],
    keys,
    accessTokenTtlSeconds,
  };
}

export function restoreSnapshot(state: GhlState, data: SnapshotData): void {
  state.clear();
  for (const company of data.companies) state.companies.set(company.id, company);
  for (const saved of data.locations) {
    const location = state.createLocation({
      id: saved.id,
      companyId: saved.companyId,
      name: saved.name,
      settings: saved.settings,
    });
    location.address = saved.address;
    location.customFields = saved.customFields;
    for (const contact of saved.contacts) location.contacts.set(contact.id, contact);
    for (const task of saved.tasks) byContact(location.tasks, task.contactId).set(task.id, task);
    for (const note of saved.notes) byContact(location.notes, note.contactId).set(note.id, note);
    for (const appointment of saved.appointments) location.appointments.set(appointment.id, appointment);
  }
  for (const app of data.apps) state.apps.set(app.clientId, app);
  for (const token of data.accessTokens) state.accessTokens.set(token.token, token);
  for (const token of data.refreshTokens) state.refreshTokens.set(token.token, token);
  for (const [key, at] of data.installs) state.installs.set(key, at);
}

function byContact<T>(map: Map<string, Map<string, T>>, contactId: string): Map<string, T> {
  let inner = map.get(contactId);
  if (!inner) {
    inner = new Map();
    map.set(contactId, inner);
  }
  return inner;
}

export function readSnapshot(file: string): SnapshotData | undefined {
  if (!existsSync(file)) return undefined;
  const data = JSON.parse(readFileSync(file, 'utf8')) as SnapshotData;
  if (data.version !== 1) throw new Error(`Snapshot ${file} has unknown version ${String(data.version)}`);
  return data;
}
