import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact request body bytes, for routes that verify or echo them. */
    rawBody: Buffer | undefined;
  }
}

/**
 * A fastify app with the parsers the simulated APIs need: JSON that tolerates an empty
 * body (clients send `Content-Type: application/json` on DELETE without a body) and
 * `application/x-www-form-urlencoded` (OAuth token endpoints). Both keep `request.rawBody`.
 */
export function createSandboxApp(options: FastifyServerOptions = {}): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024, ...options });
  app.decorateRequest('rawBody', undefined);

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    if (raw.length === 0 || isBlank(raw)) return done(null, undefined);
    try {
      done(null, JSON.parse(raw.toString('utf8')));
    } catch {
      const error = new Error('Unexpected token in JSON body') as Error & { statusCode: number };
      error.statusCode = 400;
      done(error, undefined);
    }
  });

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer' },
    (request, body, done) => {
      const raw = body as Buffer;
      request.rawBody = raw;
      done(null, Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
    },
  );

  return app;
}

function isBlank(raw: Buffer): boolean {
  for (const byte of raw) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return false;
  return true;
}

export interface RunningServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts `app` on host/port (port 0 picks a free one) and returns its base URL. */
export async function listen(app: FastifyInstance, host = '127.0.0.1', port = 0): Promise<RunningServer> {
  await app.listen({ host, port });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${actualPort}`,
    port: actualPort,
    close: () => {
      closing ??= (async () => {
        app.server.closeAllConnections?.();
        await app.close();
      })();
      return closing;
    },
  };
}
