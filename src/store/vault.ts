import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../kernel/errors.ts';

const VERSION = 'v1';
const KEY_FILE = 'secret.key';
// A fixed salt is fine here: the input is a high-entropy operator secret, and the
// same secret must give the same key on every worker.
const SALT = 'ghl-bridge/vault/v1';

/**
 * AES-256-GCM. Each value is bound to where it is stored (`aad`, e.g. owner and name)
 * so a ciphertext copied to another row does not decrypt.
 */
export class Vault {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new TypeError('Vault key must be 32 bytes.');
    this.#key = key;
  }

  encrypt(plaintext: string, aad: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(aad));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      VERSION,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      body.toString('base64url'),
    ].join('.');
  }

  decrypt(sealed: string, aad: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('Unknown secret format.');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

export function keyFromSecret(secret: string): Buffer {
  return scryptSync(secret, SALT, 32);
}

export interface VaultKeySource {
  key: Buffer;
  /** Where the key came from, for `doctor` and the start-up log. */
  origin: 'BRIDGE_SECRET' | 'generated' | 'key file';
  path?: string;
}

/**
 * BRIDGE_SECRET wins. Without it, the embedded setup keeps a random key in
 * DATA_DIR/secret.key (created once, mode 0600).
 */
export function loadVaultKey(secret: string | undefined, dataDir: string): VaultKeySource {
  if (secret) return { key: keyFromSecret(secret), origin: 'BRIDGE_SECRET' };
  const path = join(dataDir, KEY_FILE);
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8').trim();
    const key = Buffer.from(text, 'base64');
    if (key.length !== 32) {
      throw new ConfigError(
        [{ setting: 'DATA_DIR', problem: `${path} does not hold a 32-byte base64 key` }],
        'Restore the file from a backup, or set BRIDGE_SECRET.',
      );
    }
    return { key, origin: 'key file', path };
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { key, origin: 'generated', path };
}
