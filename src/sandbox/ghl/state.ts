import { newId } from './ids.ts';
import type {
  AccessToken,
  AuthorizationCode,
  Company,
  CustomFieldDefinition,
  Location,
  LocationSettings,
  OAuthApp,
  RefreshToken,
} from './model.ts';

/**
 * Everything the GHL sandbox knows, in memory. Contacts live in a Map per location so
 * that one location's data is never reachable through another's.
 */
export class GhlState {
  readonly companies = new Map<string, Company>();
  readonly locations = new Map<string, Location>();
  readonly apps = new Map<string, OAuthApp>();
  readonly accessTokens = new Map<string, AccessToken>();
  readonly refreshTokens = new Map<string, RefreshToken>();
  readonly codes = new Map<string, AuthorizationCode>();
  /** `${clientId}|${locationId or companyId}` → install time (epoch ms) */
  readonly installs = new Map<string, number>();

  clear(): void {
    this.companies.clear();
    this.locations.clear();
    this.apps.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.codes.clear();
    this.installs.clear();
  }

  ensureCompany(id?: string, name?: string): Company {
    const existing = id ? this.companies.get(id) : undefined;
    if (existing) return existing;
    const company = { id: id ?? newId(), name: name ?? 'Sandbox Agency' };
    this.companies.set(company.id, company);
    return company;
  }

  createLocation(options: {
    id?: string;
    companyId?: string;
    name?: string;
    settings?: Partial<LocationSettings>;
  }): Location {
    const company = this.ensureCompany(options.companyId);
    const location: Location = {
      id: options.id ?? newId(),
      companyId: company.id,
      name: options.name ?? `Sandbox Location ${this.locations.size + 1}`,
      address: '1 Sandbox Way, Testville',
      settings: { allowDuplicateContact: false, duplicatePriority: ['email', 'phone'], ...options.settings },
      contacts: new Map(),
      tasks: new Map(),
      notes: new Map(),
      appointments: new Map(),
      customFields: defaultCustomFields(),
    };
    this.locations.set(location.id, location);
    return location;
  }

  isInstalled(clientId: string, resourceId: string): boolean {
    return this.installs.has(`${clientId}|${resourceId}`);
  }

  /** Records an install; answers true when it is new (so INSTALL is sent once). */
  install(clientId: string, resourceId: string): boolean {
    const key = `${clientId}|${resourceId}`;
    if (this.installs.has(key)) return false;
    this.installs.set(key, Date.now());
    return true;
  }

  /** Apps installed on a location (directly or through its company). */
  appsOf(location: Location): OAuthApp[] {
    const out: OAuthApp[] = [];
    for (const app of this.apps.values()) {
      if (this.isInstalled(app.clientId, location.id) || this.isInstalled(app.clientId, location.companyId)) {
        out.push(app);
      }
    }
    return out;
  }
}

/** A few custom fields every location starts with, so key-based mapping can be tried at once. */
function defaultCustomFields(): CustomFieldDefinition[] {
  const fields: [string, string, string, string[]?][] = [
    ['Favourite Colour', 'contact.favourite_colour', 'TEXT'],
    ['Customer Notes', 'contact.customer_notes', 'LARGE_TEXT'],
    ['Lifetime Value', 'contact.lifetime_value', 'MONETORY'],
    ['Seats', 'contact.seats', 'NUMERICAL'],
    ['Plan', 'contact.plan', 'SINGLE_OPTIONS', ['free', 'pro', 'enterprise']],
    ['Interests', 'contact.interests', 'MULTIPLE_OPTIONS', ['product', 'pricing', 'support']],
  ];
  return fields.map(([name, fieldKey, dataType, picklistOptions], position) => ({
    id: newId(),
    name,
    fieldKey,
    dataType,
    placeholder: '',
    position,
    ...(picklistOptions && { picklistOptions }),
  }));
}
