import { randomBytes } from 'node:crypto';
import { newObjectId } from '../common/object-id.ts';
import { type GleantapAccount, type GleantapClock, GleantapError } from './model.ts';

export interface GleantapAccountInput {
  appId?: string;
  apiKey?: string;
  secretKey?: string;
  name?: string;
  /** The default sender of SMS (E.164). */
  fromNumber?: string;
}

/** All accounts of one sandbox and their credentials. */
export class GleantapStore {
  readonly accounts = new Map<string, GleantapAccount>();
  private readonly byApiKey = new Map<string, GleantapAccount>();

  constructor(readonly clock: GleantapClock = () => new Date()) {}

  now(): string {
    return this.clock().toISOString();
  }

  newId(): string {
    return newObjectId(this.clock());
  }

  createAccount(input: GleantapAccountInput = {}): GleantapAccount {
    const appId = input.appId ?? `app_${randomBytes(6).toString('hex')}`;
    if (this.accounts.has(appId)) throw new GleantapError(409, `Account ${appId} already exists.`);
    const apiKey = input.apiKey ?? randomBytes(16).toString('hex');
    if (this.byApiKey.has(apiKey))
      throw new GleantapError(409, 'That API key is already used by another account.');
    const account: GleantapAccount = {
      appId,
      apiKey,
      secretKey: input.secretKey ?? randomBytes(24).toString('hex'),
      name: input.name ?? `Sandbox studio ${this.accounts.size + 1}`,
      fromNumber: input.fromNumber ?? '+15550100000',
      customers: new Map(),
      events: new Map(),
      sms: [],
    };
    this.adopt(account);
    return account;
  }

  adopt(account: GleantapAccount): void {
    this.accounts.set(account.appId, account);
    this.byApiKey.set(account.apiKey, account);
  }

  deleteAccount(appId: string): void {
    const account = this.account(appId);
    this.accounts.delete(appId);
    this.byApiKey.delete(account.apiKey);
  }

  /** An account by app id, for admin use (404 when unknown). */
  account(appId: string): GleantapAccount {
    const account = this.accounts.get(appId);
    if (!account)
      throw new GleantapError(404, `No sandbox account ${appId}. Create it with POST /_sandbox/accounts.`);
    return account;
  }

  accountByApiKey(apiKey: string): GleantapAccount | undefined {
    return this.byApiKey.get(apiKey);
  }

  clear(): void {
    this.accounts.clear();
    this.byApiKey.clear();
  }
}
