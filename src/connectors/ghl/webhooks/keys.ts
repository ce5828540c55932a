import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../../../kernel/errors.ts';

/**
 * The Ed25519 key third-party code quotes from HighLevel's webhook guide (SPKI DER, base64).
 * UNCONFIRMED against the official guide: GHL_WEBHOOK_PUBLIC_KEY replaces it.
 */
export const GHL_QUOTED_ED25519_KEY = 'MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=';

/** HighLevel's published RSA key for the legacy `x-wh-signature`, bundled beside this file. */
export const GHL_RSA_KEY_FILE = new URL('./ghl-webhook-rsa-public-key.pem', import.meta.url);

export type KeyKind = 'ed25519' | 'rsa';

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g;

/**
 * Public keys from a setting: PEM text (one or more blocks), a path to a file holding that,
 * or one base64 SPKI DER key. Several keys let a new key be accepted beside the old one.
 */
export function parsePublicKeys(value: string, kind: KeyKind, setting: string): KeyObject[] {
  const text = value.includes('-----BEGIN') ? value : (readIfFile(value, setting) ?? value);
  const blocks = text.match(PEM_BLOCK);
  const keys: KeyObject[] = [];
  try {
    if (blocks) {
      for (const block of blocks) keys.push(createPublicKey(block));
    } else {
      const der = Buffer.from(text.trim(), 'base64');
      keys.push(createPublicKey({ key: der, format: 'der', type: 'spki' }));
    }
  } catch {
    throw new ConfigError([
      { setting, problem: 'is neither a PEM public key, a file holding one, nor a base64 SPKI key' },
    ]);
  }
  for (const key of keys) {
    if (key.asymmetricKeyType !== kind) {
      throw new ConfigError([
        {
          setting,
          problem: `holds a ${key.asymmetricKeyType ?? 'unknown'} key where an ${kind} key is needed`,
        },
      ]);
    }
  }
  return keys;
}

function readIfFile(value: string, setting: string): string | undefined {
  const path = value.trim();
  if (!/[/\\]|\.pem$/i.test(path) || !existsSync(path)) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError([{ setting, problem: `cannot read ${path} (${code})` }]);
  }
}

export interface WebhookKeySettings {
  ghlWebhookPublicKey?: string | undefined;
  ghlWebhookRsaPublicKey?: string | undefined;
}

/** The configured keys, or HighLevel's (quoted Ed25519, bundled RSA) where a setting is unset. */
export function webhookKeysFrom(settings: WebhookKeySettings): { ed25519: KeyObject[]; rsa: KeyObject[] } {
  return {
    ed25519: parsePublicKeys(
      settings.ghlWebhookPublicKey ?? GHL_QUOTED_ED25519_KEY,
      'ed25519',
      'GHL_WEBHOOK_PUBLIC_KEY',
    ),
    rsa: parsePublicKeys(
      settings.ghlWebhookRsaPublicKey ?? readFileSync(GHL_RSA_KEY_FILE, 'utf8'),
      'rsa',
      'GHL_WEBHOOK_RSA_PUBLIC_KEY',
    ),
  };
}
