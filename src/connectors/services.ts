import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { createThrottle, GHL_RATE_LIMITS, GLEAP_RATE_LIMITS, type Throttle } from '../http/index.ts';
import type { RateLimitProfile } from '../http/rate-limit-headers.ts';
import type { LinkStore } from '../kernel/define.ts';
import { type ConnectionsRepository, connectionsRepository } from '../store/connections.ts';
import { type IdentitiesRepository, identitiesRepository } from '../store/identities.ts';
import { type LocksRepository, locksRepository } from '../store/locks.ts';
import type { Schema } from '../store/schema.ts';
import { type SecretsRepository, secretsRepository } from '../store/secrets.ts';
import type { Vault } from '../store/vault.ts';

/** What connectors need from the process: stored connections and secrets, locks, shared throttles. */
export interface ConnectorServices {
  connections: ConnectionsRepository;
  secrets: SecretsRepository;
  locks: LocksRepository;
  log: Logger;
  throttleFor(connectorKey: string): Throttle;
  /** The identity map, for actions that link records across apps. */
  links: LinkStore;
  /** Per-attempt timeout of API calls. */
  timeoutMs?: number;
  /** Overrides of retry timing (tests shorten them). */
  retry?: { baseMs?: number; maxAttempts?: number };
}

/**
 * Gleantap documents no rate limit and sends no rate-limit headers, so the bridge keeps itself
 * to a polite 1,000 requests per 60 s per account (app_id); a 429 still pauses the account.
 */
export const GLEANTAP_RATE_LIMITS: RateLimitProfile = {
  defaults: { limit: 1_000, windowMs: 60_000 },
  headers: {},
};

const PROFILES: Record<string, RateLimitProfile> = {
  ghl: GHL_RATE_LIMITS,
  gleap: GLEAP_RATE_LIMITS,
  gleantap: GLEANTAP_RATE_LIMITS,
};

/** One throttle per API and process, so every connection to one location shares its budget. */
export function throttleRegistry(
  profiles: Record<string, RateLimitProfile> = PROFILES,
): (connectorKey: string) => Throttle {
  const throttles = new Map<string, Throttle>();
  return (connectorKey) => {
    let throttle = throttles.get(connectorKey);
    if (!throttle) {
      throttle = createThrottle(profiles[connectorKey] ?? GHL_RATE_LIMITS);
      throttles.set(connectorKey, throttle);
    }
    return throttle;
  };
}

/** The identity map behind `LinkStore`, with connection names resolved to ids. */
export function linkStore(connections: ConnectionsRepository, identities: IdentitiesRepository): LinkStore {
  const ref = async (r: { connection: string; entity: string; id: string }) => ({
    connectionId: (await connections.get(r.connection)).id,
    entity: r.entity,
    externalId: r.id,
  });
  return {
    async link(a, b) {
      await identities.link(await ref(a), await ref(b));
    },
    async find(from, toConnection, toEntity) {
      return identities.find(await ref(from), (await connections.get(toConnection)).id, toEntity);
    },
    async linkedIds(connection, entity, page) {
      return identities.linkedIds((await connections.get(connection)).id, entity, page);
    },
  };
}

export interface ConnectorServicesOptions {
  log: Logger;
  timeoutMs?: number;
  retry?: { baseMs?: number; maxAttempts?: number };
  /** Rate-limit profiles by connector (tests raise or lower them). */
  profiles?: Record<string, RateLimitProfile>;
}

/** The services of one database and vault: what a server, a worker, a command or a test needs. */
export function connectorServicesFor(
  db: Kysely<Schema>,
  vault: Vault,
  options: ConnectorServicesOptions,
): ConnectorServices {
  const connections = connectionsRepository(db);
  return {
    connections,
    secrets: secretsRepository(db, vault),
    locks: locksRepository(db),
    log: options.log,
    throttleFor: throttleRegistry(options.profiles),
    links: linkStore(connections, identitiesRepository(db)),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  };
}
