import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config/load.ts';
import { ConfigError } from '../../kernel/errors.ts';

export const ADMIN_TOKEN_FILE = 'admin.token';
const MIN_LENGTH = 16;

export interface AdminTokenSource {
  token: string;
  /** Where the token came from: `generated` only on the start that created the file. */
  origin: 'BRIDGE_ADMIN_TOKEN' | 'generated' | 'token file';
  path?: string;
}

/**
 * BRIDGE_ADMIN_TOKEN wins. Without it, the embedded (SQLite) setup keeps a random token in
 * DATA_DIR/admin.token, created once with mode 0600. PostgreSQL means several processes that
 * need not share a folder, so there the token must be set explicitly.
 */
export function loadAdminToken(
  config: Pick<Config, 'adminToken' | 'dataDir' | 'databaseUrl'>,
): AdminTokenSource {
  if (config.adminToken) return { token: config.adminToken, origin: 'BRIDGE_ADMIN_TOKEN' };
  if (config.databaseUrl.startsWith('postgres')) {
    throw new ConfigError(
      [
        {
          setting: 'BRIDGE_ADMIN_TOKEN',
          problem: 'is required with PostgreSQL, so that every process accepts the same API token',
        },
      ],
      'Set it to the same random value (16+ characters, e.g. `openssl rand -base64 32`) on every process.',
    );
  }
  const path = join(config.dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(path)) return { token: readTokenFile(path), origin: 'token file', path };
  mkdirSync(config.dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  try {
    writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process on the same folder created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return { token: readTokenFile(path), origin: 'token file', path };
    throw error;
  }
  chmodSync(path, 0o600);
  return { token, origin: 'generated', path };
}

function readTokenFile(path: string): string {
  const token = readFileSync(path, 'utf8').trim();
  if (token.length < MIN_LENGTH) {
    throw new ConfigError(
      [{ setting: 'DATA_DIR', problem: `${path} does not hold an admin token of ${MIN_LENGTH}+ characters` }],
      'Delete the file to have a new token generated at the next start, or set BRIDGE_ADMIN_TOKEN.',
    );
  }
  return token;
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Compares in constant time. Both sides are hashed first so that neither the content nor
 * the length of the expected token shows in the time the comparison takes.
 */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(presented));
}
