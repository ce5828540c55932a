import Fastify from 'fastify';
import type { AuthorizationDeps } from '../auth/ghl-authorization.ts';
import { GHL_CALLBACK_PATH, oauthRoutes } from '../server/routes/oauth.ts';

/**
 * Who will receive GHL's redirect: this command (`listening`), the bridge already running on
 * that port (`bridge`), or a bridge at a non-local address (`elsewhere`).
 */
export type CallbackReceiver = 'listening' | 'bridge' | 'elsewhere';

export interface CallbackListener {
  receiver: CallbackReceiver;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * When the redirect URI is on this machine and nothing listens on its port, serves the
 * callback route there until closed, so `connect` works without a running bridge.
 */
export async function listenForCallback(
  redirectUri: string,
  deps: AuthorizationDeps,
): Promise<CallbackListener> {
  const url = new URL(redirectUri);
  const none = async () => {};
  if (!LOOPBACK.has(url.hostname) || url.protocol !== 'http:') return { receiver: 'elsewhere', close: none };
  const app = Fastify({ logger: false });
  oauthRoutes(app, deps);
  try {
    await app.listen({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80) });
    return { receiver: 'listening', close: () => app.close() };
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') return { receiver: 'bridge', close: none };
    throw new Error(
      `Cannot listen on ${url.host} for GHL's redirect (${code ?? (error as Error).message}): start the bridge there, or choose another --redirect-uri.`,
    );
  }
}

export { GHL_CALLBACK_PATH };
