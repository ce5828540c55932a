import pino, { type Logger } from 'pino';

/**
 * Paths whose values never reach a log line: authorization headers and every field
 * that holds a token, a key or a password, wherever it appears in a logged object.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-secret-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers.Authorization',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.token',
  '*.apiKey',
  '*.secretKey',
  '*.password',
  '*.secret',
  'access_token',
  'refresh_token',
  'client_secret',
  'token',
  'secret',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'ghl-bridge' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}
