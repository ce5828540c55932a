import type { Logger } from 'pino';
import { createThrottle, GHL_RATE_LIMITS, GLEAP_RATE_LIMITS, type Throttle } from '../http/index.ts';
import type { RateLimitProfile } from '../http/rate-limit-headers.ts';
import type { ConnectionsRepository } from '../store/connections.ts';
import type { LocksRepository } from '../store/locks.ts';
import type { SecretsRepository } from '../store/secrets.ts';

/** What connectors need from the process: stored connections and secrets, locks, shared throttles. */
export interface ConnectorServices {
  connections: ConnectionsRepository;
  secrets: SecretsRepository;
  locks: LocksRepository;
  log: Logger;
  throttleFor(connectorKey: string): Throttle;
  /** Per-attempt timeout of API calls. */
  timeoutMs?: number;
  /** Overrides of retry timing (tests shorten them). */
  retry?: { baseMs?: number; maxAttempts?: number };
}

const PROFILES: Record<string, RateLimitProfile> = {
  ghl: GHL_RATE_LIMITS,
  gleap: GLEAP_RATE_LIMITS,
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
