import {
  createPrivateKey,
  createPublicKey,
  createSign,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from 'node:crypto';

export interface WebhookKeyPems {
  ed25519PrivateKey: string;
  rsaPrivateKey?: string;
}

/**
 * The sandbox's own webhook signing keys (HighLevel's private keys are, of course, not
 * public): Ed25519 for `x-ghl-signature`, RSA for the legacy `x-wh-signature`. The RSA pair
 * is made only when first needed, since generating it is slow.
 */
export class WebhookKeys {
  private readonly ed25519: KeyObject;
  private rsa: KeyObject | undefined;
  /** Whether the legacy `x-wh-signature` header is sent too. */
  legacyRsa = false;

  constructor(pems?: WebhookKeyPems) {
    this.ed25519 = pems
      ? createPrivateKey(pems.ed25519PrivateKey)
      : generateKeyPairSync('ed25519').privateKey;
    if (pems?.rsaPrivateKey) this.rsa = createPrivateKey(pems.rsaPrivateKey);
  }

  /** Headers for the exact body bytes that are sent. */
  sign(body: Buffer): Record<string, string> {
    const headers: Record<string, string> = {
      'x-ghl-signature': sign(null, body, this.ed25519).toString('base64'),
    };
    if (this.legacyRsa) {
      headers['x-wh-signature'] = createSign('SHA256').update(body).sign(this.rsaKey(), 'base64');
    }
    return headers;
  }

  publicKeys(): { ed25519: string; rsa: string } {
    return {
      ed25519: createPublicKey(this.ed25519).export({ type: 'spki', format: 'pem' }).toString(),
      rsa: createPublicKey(this.rsaKey()).export({ type: 'spki', format: 'pem' }).toString(),
    };
  }

  toPems(): WebhookKeyPems {
    return {
      ed25519PrivateKey: this.ed25519.export({ type: 'pkcs8', format: 'pem' }).toString(),
      ...(this.rsa && { rsaPrivateKey: this.rsa.export({ type: 'pkcs8', format: 'pem' }).toString() }),
    };
  }

  private rsaKey(): KeyObject {
    this.rsa ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    return this.rsa;
  }
}
