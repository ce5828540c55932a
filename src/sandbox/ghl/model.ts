/** The records the GHL sandbox keeps, as stored (responses are rendered from them in `render.ts`). */

export type DuplicateField = 'email' | 'phone';

export interface DndChannel {
  status: 'active' | 'inactive' | 'permanent';
  message?: string;
  code?: string;
}

export interface AttributionSource {
  url: string;
  [key: string]: string | null | undefined;
}

export interface Contact {
  id: string;
  locationId: string;
  firstName?: string;
  lastName?: string;
  /** Only kept when given without first/last names. */
  name?: string;
  email?: string;
  phone?: string;
  gender?: string;
  address1?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
  website?: string;
  timezone?: string;
  companyName?: string;
  source?: string;
  type: string;
  assignedTo?: string;
  dnd: boolean;
  dndSettings?: Record<string, DndChannel>;
  inboundDndSettings?: { all?: { status: 'active' | 'inactive'; message?: string } };
  tags: string[];
  /** custom field id → value */
  customFields: Record<string, unknown>;
  /** `YYYY-MM-DD` */
  dateOfBirth?: string;
  dateAdded: number;
  dateUpdated: number;
  businessId?: string;
  followers: string[];
  campaigns: string[];
  workflows: string[];
  attributionSource?: AttributionSource;
}

export interface Task {
  id: string;
  contactId: string;
  title: string;
  body?: string;
  assignedTo?: string;
  dueDate: string;
  completed: boolean;
  dateAdded: number;
}

export interface Note {
  id: string;
  contactId: string;
  body: string;
  userId?: string;
  title?: string;
  color?: string;
  pinned?: boolean;
  dateAdded: number;
}

export interface Appointment {
  id: string;
  locationId: string;
  contactId: string;
  calendarId: string;
  title: string;
  status: string;
  appointmentStatus: string;
  assignedUserId?: string;
  notes?: string;
  address?: string;
  groupId?: string;
  source?: string;
  users: string[];
  assignedResources: string[];
  startTime: number;
  endTime: number;
  dateAdded: number;
  dateUpdated: number;
}

export interface CustomFieldDefinition {
  id: string;
  name: string;
  /** e.g. `contact.favourite_colour` */
  fieldKey: string;
  dataType: string;
  placeholder: string;
  position: number;
  picklistOptions?: string[];
}

export interface LocationSettings {
  allowDuplicateContact: boolean;
  /** The fields checked for duplicates, in priority order. */
  duplicatePriority: DuplicateField[];
}

export interface Location {
  id: string;
  companyId: string;
  name: string;
  address: string;
  settings: LocationSettings;
  contacts: Map<string, Contact>;
  /** contactId → (taskId → task) */
  tasks: Map<string, Map<string, Task>>;
  notes: Map<string, Map<string, Note>>;
  appointments: Map<string, Appointment>;
  customFields: CustomFieldDefinition[];
}

export interface Company {
  id: string;
  name: string;
}

export interface OAuthApp {
  /** Client ids are `<appId>-<suffix>`; HighLevel's SDK derives the app id that way. */
  clientId: string;
  clientSecret: string;
  appId: string;
  versionId: string;
  name: string;
  redirectUris: string[];
  /** Scopes the app may request. */
  scopes: string[];
  /** The app's default webhook URL (INSTALL/UNINSTALL and every event of its locations). */
  webhookUrl?: string;
}

export type TokenKind = 'pit' | 'access';

export interface AccessToken {
  token: string;
  kind: TokenKind;
  /** Location (sub-account) or Company (agency) token. */
  userType: 'Location' | 'Company';
  companyId: string;
  locationId?: string;
  /** OAuth client id; undefined for Private Integration Tokens. */
  clientId?: string;
  scopes: string[];
  userId: string;
  /** epoch ms; undefined = never expires (PITs) */
  expiresAt?: number;
  /** A short id used as rate-limit and log label. */
  label: string;
}

export interface RefreshToken {
  token: string;
  clientId: string;
  userType: 'Location' | 'Company';
  companyId: string;
  locationId?: string;
  approvedLocations: string[];
  scopes: string[];
  userId: string;
  expiresAt: number;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  companyId: string;
  /** Absent when the whole agency was chosen. */
  locationId?: string;
  scopes: string[];
  userId: string;
  expiresAt: number;
}

export const ALL_SCOPES = [
  'contacts.readonly',
  'contacts.write',
  'locations/customFields.readonly',
  'calendars/events.readonly',
  'oauth.readonly',
  'oauth.write',
];

export const LOCATION_SCOPES = [
  'contacts.readonly',
  'contacts.write',
  'locations/customFields.readonly',
  'calendars/events.readonly',
];
