import { type KeyObject, verify } from 'node:crypto';

export type SignatureScheme = 'ed25519' | 'rsa-sha256' | 'unsigned';

export type SignatureCheck = { ok: true; scheme: SignatureScheme } | { ok: false; reason: string };

export interface WebhookVerifierOptions {
  ed25519: KeyObject[];
  rsa: KeyObject[];
  /** Accept a request that carries no signature header at all (local testing). */
  allowUnsigned?: boolean;
}

type Headers = Record<string, string | string[] | undefined>;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Checks HighLevel's webhook signatures over the exact bytes received: `x-ghl-signature`
 * (Ed25519) and the legacy `x-wh-signature` (RSA-SHA256). A request is authentic when any
 * signature it carries verifies against a configured key: during GHL's switch-over both are
 * sent, and a mistaken Ed25519 key must not make a valid RSA signature count for nothing.
 */
export function createWebhookVerifier(options: WebhookVerifierOptions) {
  return {
    verify(raw: Buffer, headers: Headers): SignatureCheck {
      const ghl = headerOf(headers, 'x-ghl-signature');
      const legacy = headerOf(headers, 'x-wh-signature');
      if (ghl === undefined && legacy === undefined) {
        return options.allowUnsigned
          ? { ok: true, scheme: 'unsigned' }
          : { ok: false, reason: 'no x-ghl-signature or x-wh-signature header' };
      }
      if (ghl !== undefined && verifyWith(options.ed25519, null, raw, ghl))
        return { ok: true, scheme: 'ed25519' };
      if (legacy !== undefined && verifyWith(options.rsa, 'sha256', raw, legacy)) {
        return { ok: true, scheme: 'rsa-sha256' };
      }
      return { ok: false, reason: 'the signature does not match the body and the configured keys' };
    },
  };
}

export type WebhookVerifier = ReturnType<typeof createWebhookVerifier>;

function headerOf(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

function verifyWith(keys: KeyObject[], algorithm: string | null, raw: Buffer, signature: string): boolean {
  if (!BASE64.test(signature)) return false;
  const bytes = Buffer.from(signature, 'base64');
  for (const key of keys) {
    try {
      if (verify(algorithm, raw, key, bytes)) return true;
    } catch {
      // A malformed signature for this key type is simply not a match.
    }
  }
  return false;
}
