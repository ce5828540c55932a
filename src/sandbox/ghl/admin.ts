import type { AppointmentInput, AppointmentService } from './appointments.ts';
import { GhlError } from './errors.ts';
import { type DuplicateField, LOCATION_SCOPES, type Location, type LocationSettings } from './model.ts';
import type { OAuthService } from './oauth-service.ts';
import { renderAppointment } from './render.ts';
import type { GhlState } from './state.ts';
import type { TokenService } from './tokens.ts';
import type { WebhookKeys } from './webhook-keys.ts';

export interface CreateLocationInput {
  id?: string;
  name?: string;
  companyId?: string;
  /** Scopes of the Private Integration Token made with the location (default: all location scopes). */
  scopes?: string[];
  /** A fixed PIT value (e.g. to keep the default location's token across restarts). */
  privateIntegrationToken?: string;
  allowDuplicateContact?: boolean;
  duplicatePriority?: DuplicateField[];
}

export interface CreatedLocation {
  locationId: string;
  companyId: string;
  name: string;
  privateIntegrationToken: string;
  scopes: string[];
}

const notFound = (what: string) => new GhlError(404, { statusCode: 404, message: `${what} not found` });

/**
 * The sandbox's own controls (not part of HighLevel's API): used by the `/_sandbox/` routes
 * and directly by tests through the handle `startGhlSandbox` returns.
 */
export class GhlAdmin {
  constructor(
    private readonly state: GhlState,
    private readonly tokens: TokenService,
    private readonly oauth: OAuthService,
    private readonly appointments: AppointmentService,
    private readonly keys: WebhookKeys,
  ) {}

  createLocation(input: CreateLocationInput = {}): CreatedLocation {
    const settings: Partial<LocationSettings> = {
      ...(input.allowDuplicateContact !== undefined && {
        allowDuplicateContact: input.allowDuplicateContact,
      }),
      ...(input.duplicatePriority && { duplicatePriority: input.duplicatePriority }),
    };
    const location = this.state.createLocation({
      settings,
      ...(input.id && { id: input.id }),
      ...(input.name && { name: input.name }),
      ...(input.companyId && { companyId: input.companyId }),
    });
    const pit = this.tokens.createPit(
      location,
      input.scopes ?? LOCATION_SCOPES,
      input.privateIntegrationToken,
    );
    return {
      locationId: location.id,
      companyId: location.companyId,
      name: location.name,
      privateIntegrationToken: pit.token,
      scopes: pit.scopes,
    };
  }

  listLocations() {
    return [...this.state.locations.values()].map((location) => ({
      locationId: location.id,
      companyId: location.companyId,
      name: location.name,
      contacts: location.contacts.size,
      settings: { ...location.settings },
    }));
  }

  location(locationId: string): Location {
    const location = this.state.locations.get(locationId);
    if (!location) throw notFound(`Location ${locationId}`);
    return location;
  }

  updateSettings(locationId: string, settings: Partial<LocationSettings>): LocationSettings {
    const location = this.location(locationId);
    Object.assign(location.settings, settings);
    return { ...location.settings };
  }

  /** The "Allow Duplicate Contact" setting that upsert and create follow. */
  setAllowDuplicates(locationId: string, allow: boolean): LocationSettings {
    return this.updateSettings(locationId, { allowDuplicateContact: allow });
  }

  createPit(
    locationId: string,
    scopes: string[] = LOCATION_SCOPES,
  ): { privateIntegrationToken: string; scopes: string[] } {
    const pit = this.tokens.createPit(this.location(locationId), scopes);
    return { privateIntegrationToken: pit.token, scopes: pit.scopes };
  }

  /** Every OAuth access token of the location stops working now (refresh tokens still work). */
  expireTokens(locationId: string): number {
    this.location(locationId);
    return this.tokens.expireAccessTokens(locationId);
  }

  setAccessTokenLifetime(seconds: number): void {
    this.tokens.settings.accessTokenTtlSeconds = seconds;
  }

  registerApp(input: { name?: string; redirectUris: string[]; scopes?: string[]; webhookUrl?: string }) {
    const app = this.oauth.registerApp(input);
    return { ...app, redirectUris: [...app.redirectUris], scopes: [...app.scopes] };
  }

  listApps() {
    return [...this.state.apps.values()].map(({ clientSecret: _secret, ...app }) => app);
  }

  authorize(input: Parameters<OAuthService['authorize']>[0]) {
    return this.oauth.authorize(input);
  }

  uninstall(clientId: string, resource: { locationId?: string; companyId?: string }): boolean {
    return this.oauth.uninstall(clientId, resource);
  }

  createAppointment(locationId: string, input: AppointmentInput) {
    const location = this.location(locationId);
    if (!location.contacts.has(input.contactId)) throw notFound(`Contact ${input.contactId}`);
    return renderAppointment(this.appointments.create(location, input));
  }

  updateAppointment(locationId: string, appointmentId: string, input: Partial<AppointmentInput>) {
    const appointment = this.location(locationId).appointments.get(appointmentId);
    if (!appointment) throw notFound(`Appointment ${appointmentId}`);
    return renderAppointment(this.appointments.update(appointment, input));
  }

  deleteAppointment(locationId: string, appointmentId: string): void {
    const location = this.location(locationId);
    const appointment = location.appointments.get(appointmentId);
    if (!appointment) throw notFound(`Appointment ${appointmentId}`);
    this.appointments.delete(location, appointment);
  }

  /** The public halves of the webhook signing keys, as PEM. */
  publicKeys(): { ed25519: string; rsa: string } {
    return this.keys.publicKeys();
  }

  /** Whether webhooks also carry the legacy RSA `x-wh-signature`. */
  setLegacySignature(enabled: boolean): void {
    this.keys.legacyRsa = enabled;
  }
}
