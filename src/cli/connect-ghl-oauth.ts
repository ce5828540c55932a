import {
  type AuthorizationOutcome,
  awaitAuthorization,
  STATE_TTL_MS,
  startGhlAuthorization,
} from '../auth/ghl-authorization.ts';
import type { GhlUserType } from '../auth/ghl-oauth.ts';
import { AuthError } from '../kernel/errors.ts';
import type { BridgeStore } from './bridge-store.ts';
import { listenForCallback } from './callback-listener.ts';
import { openInBrowser } from './open-browser.ts';

export interface BrowserConnectOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  baseUrl: string;
  marketplaceUrl: string;
  scopes: string[];
  userType: GhlUserType;
  name?: string;
  locations?: { locationId: string; name?: string }[];
  browser: boolean;
  wait: boolean;
  timeoutSeconds: number;
}

/**
 * The authorization-code flow from a terminal: a one-use state, the consent URL printed (and
 * opened when there is a display), then a wait until the redirect has been handled, here on a
 * temporary listener or by the running bridge. Undefined with `wait: false`.
 */
export async function connectInBrowser(
  bridge: BridgeStore,
  options: BrowserConnectOptions,
  print: (line: string) => void,
): Promise<AuthorizationOutcome | undefined> {
  const { browser: _browser, wait: _wait, timeoutSeconds, ...request } = options;
  const started = await startGhlAuthorization(bridge, {
    ...request,
    ttlMs: Math.max(STATE_TTL_MS, timeoutSeconds * 1000),
  });
  const what = options.userType === 'Company' ? 'your agency' : 'a location';
  if (!options.wait) {
    print(`Open this address to connect ${what} (scopes: ${options.scopes.join(' ')}):`);
    print(started.url);
    print(`The bridge serving ${options.redirectUri} saves the connection when GHL redirects there.`);
    return undefined;
  }
  const listener = await listenForCallback(options.redirectUri, bridge);
  try {
    print(`Open this address to connect ${what} (scopes: ${options.scopes.join(' ')}):`);
    print(started.url);
    if (options.browser && openInBrowser(started.url)) print('(Opening it in your browser.)');
    const origin = new URL(options.redirectUri).origin;
    print(
      listener.receiver === 'listening'
        ? `Waiting for GHL to redirect to ${options.redirectUri} (Ctrl-C to give up)...`
        : `Waiting for the bridge at ${origin} to receive GHL's redirect (it must use this DATABASE_URL)...`,
    );
    return await awaitAuthorization(bridge, started.stateId, {
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') {
      throw new AuthError(`No authorization arrived within ${timeoutSeconds} seconds.`, {
        hint: 'Run the command again (--timeout gives more time); check that the redirect URI registered in the GHL app is the one printed.',
      });
    }
    throw error;
  } finally {
    await listener.close();
  }
}
