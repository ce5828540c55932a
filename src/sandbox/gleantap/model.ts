/** The Gleantap sandbox's data: one account (an `app_id` and its two keys) holds customers, events and SMS. */

export interface GleantapCustomer {
  /** Gleantap's contact id (`_id` in newContact's answer, `id` in lists). */
  id: string;
  first_name: string;
  last_name: string;
  email?: string;
  phone?: string;
  address?: string;
  city?: string;
  state?: string;
  zip?: string;
  source?: string;
  /** The caller's own id for the contact. */
  user_id?: string;
  dob?: string;
  gender?: string;
  type?: string;
  status?: string;
  location?: string;
  tags: string[];
  /** Custom attributes sent as extra top-level keys of newContact. */
  custom: Record<string, unknown>;
  /** When the contact was created (ISO date-time). */
  created_date: string;
  /** When the contact last changed (ISO date-time); what `updated_since` compares, by its date. */
  updated_at: string;
  email_optout: 0 | 1;
  sms_optout: 0 | 1;
  /** Last opt-out (ISO date-time). */
  optout_date?: string;
  /** SMS double opt-in: requested (`pending`) until the contact confirms by replying. */
  sms_optin: 'none' | 'pending' | 'confirmed';
  /** Day the SMS opt-in was confirmed (YYYY-MM-DD). */
  optin_date?: string;
}

export interface GleantapEvent {
  /** The caller's unique event id (`id` of newEvent): sending it again replaces the event. */
  id: string;
  customer_id: string;
  event_type: string;
  event_name?: string;
  event_date: string;
  event_time?: string;
  is_visit?: boolean;
  is_purchase?: boolean;
  event_data?: unknown;
  created_at: string;
}

export interface GleantapSms {
  service_message_id: string;
  to: string;
  from: string;
  message: string;
  customer_id?: string;
  kind: 'notification' | 'optin_confirmation';
  at: string;
}

export interface GleantapAccount {
  appId: string;
  apiKey: string;
  secretKey: string;
  name: string;
  /** The number SMS are sent from when the caller gives none. */
  fromNumber: string;
  customers: Map<string, GleantapCustomer>;
  /** By the caller's event id. */
  events: Map<string, GleantapEvent>;
  sms: GleantapSms[];
}

/** An error answered in Gleantap's shape (undocumented; the sandbox uses `{ status: false, message }`). */
export class GleantapError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type GleantapClock = () => Date;
