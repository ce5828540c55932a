import type { FaultInjector, RateLimiter, RateLimits, RequestLog } from '../common/index.ts';
import { confirmSmsOptIn, contactById, optOut, removeContact, upsertContact } from './customers.ts';
import { recordEvent } from './events.ts';
import {
  type GleantapAccount,
  type GleantapCustomer,
  GleantapError,
  type GleantapEvent,
  type GleantapSms,
} from './model.ts';
import { type GleantapSeedOptions, seedGleantapAccount } from './seed.ts';
import type { GleantapAccountInput, GleantapStore } from './store.ts';

export interface GleantapCredentials {
  appId: string;
  apiKey: string;
  secretKey: string;
  name: string;
}

/** Attributes an app-side edit may change; anything else becomes a custom attribute. */
export type CustomerChange = Partial<Omit<GleantapCustomer, 'id' | 'custom' | 'tags'>> & {
  tags?: string[];
  custom?: Record<string, unknown>;
};

interface AdminDeps {
  store: GleantapStore;
  limiter: RateLimiter;
  faults: FaultInjector;
  log: RequestLog;
  resetAll: () => Promise<void>;
  saveSnapshot: () => string | undefined;
}

/**
 * What tests and the admin routes can do to the Gleantap sandbox besides calling the API:
 * credentials, limits, and changes made "in Gleantap" (staff editing a member, a member
 * replying STOP), which a client only sees by polling `getCustomers`.
 */
export class GleantapAdmin {
  readonly faults: FaultInjector;
  readonly log: RequestLog;

  constructor(private readonly deps: AdminDeps) {
    this.faults = deps.faults;
    this.log = deps.log;
  }

  createAccount(
    input: GleantapAccountInput & { seed?: boolean | GleantapSeedOptions } = {},
  ): GleantapCredentials {
    const { seed, ...accountInput } = input;
    const account = this.deps.store.createAccount(accountInput);
    if (seed) seedGleantapAccount(this.deps.store, account, seed === true ? {} : seed);
    return credentialsOf(account);
  }

  accounts(): GleantapCredentials[] {
    return [...this.deps.store.accounts.values()].map(credentialsOf);
  }

  deleteAccount(appId: string): void {
    this.deps.store.deleteAccount(appId);
  }

  setLimits(limits: Partial<RateLimits>, appId?: string): RateLimits {
    return this.deps.limiter.configure(limits, appId);
  }

  customers(appId: string): GleantapCustomer[] {
    return [...this.account(appId).customers.values()].map((customer) => structuredClone(customer));
  }

  customer(appId: string, id: string): GleantapCustomer {
    return structuredClone(contactById(this.account(appId), id));
  }

  events(appId: string): GleantapEvent[] {
    return [...this.account(appId).events.values()].map((event) => structuredClone(event));
  }

  smsOutbox(appId: string): GleantapSms[] {
    return this.account(appId).sms.map((sms) => ({ ...sms }));
  }

  /** A contact added in Gleantap (front desk, a form); `at` backdates it. */
  createCustomer(
    appId: string,
    fields: CustomerChange & { first_name: string; last_name: string },
    at?: Date | string,
  ) {
    const account = this.account(appId);
    const { tags, custom, ...rest } = fields;
    // Staff can create a contact that duplicates another one, so nothing is matched here.
    const { customer } = upsertContact(
      this.deps.store,
      account,
      { ...custom, ...stringsOf(rest) },
      { alwaysCreate: true },
    );
    if (tags) customer.tags = [...tags];
    if (at !== undefined) {
      customer.created_date = new Date(at).toISOString();
      customer.updated_at = customer.created_date;
    }
    return structuredClone(customer);
  }

  /** A contact edited in Gleantap; `at` sets when (default now), to place the change on a given day. */
  updateCustomer(appId: string, id: string, change: CustomerChange, at?: Date | string): GleantapCustomer {
    const customer = contactById(this.account(appId), id);
    const { custom, tags, ...fields } = change;
    for (const [key, value] of Object.entries(fields)) {
      if (key === 'updated_at') continue;
      (customer as unknown as Record<string, unknown>)[key] = value;
    }
    if (tags) customer.tags = [...tags];
    if (custom) customer.custom = { ...customer.custom, ...custom };
    customer.updated_at = at === undefined ? this.deps.store.now() : new Date(at).toISOString();
    return structuredClone(customer);
  }

  deleteCustomer(appId: string, id: string): void {
    removeContact(this.account(appId), id);
  }

  /** The contact replied YES to the double opt-in SMS. */
  confirmOptIn(appId: string, id: string): GleantapCustomer {
    return structuredClone(confirmSmsOptIn(this.deps.store, this.account(appId), id));
  }

  /** The contact replied STOP (sms) or unsubscribed from email. */
  optOut(appId: string, id: string, channel: 'sms' | 'email'): GleantapCustomer {
    if (channel !== 'sms' && channel !== 'email')
      throw new GleantapError(400, 'channel must be sms or email.');
    return structuredClone(optOut(this.deps.store, this.account(appId), id, channel));
  }

  /** An event recorded in Gleantap (a check-in at the front desk...), same fields as newEvent. */
  addEvent(appId: string, fields: Record<string, unknown>): GleantapEvent {
    for (const field of ['id', 'event_type', 'event_date']) {
      if (typeof fields[field] !== 'string') throw new GleantapError(400, `${field} is required.`);
    }
    return structuredClone(recordEvent(this.deps.store, this.account(appId), fields));
  }

  seed(appId: string, options: GleantapSeedOptions = {}): void {
    seedGleantapAccount(this.deps.store, this.account(appId), options);
  }

  reset(): Promise<void> {
    return this.deps.resetAll();
  }

  saveSnapshot(): string | undefined {
    return this.deps.saveSnapshot();
  }

  private account(appId: string): GleantapAccount {
    return this.deps.store.account(appId);
  }
}

export function credentialsOf(account: GleantapAccount): GleantapCredentials {
  return { appId: account.appId, apiKey: account.apiKey, secretKey: account.secretKey, name: account.name };
}

function stringsOf(fields: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) if (typeof value === 'string') out[key] = value;
  return out;
}
