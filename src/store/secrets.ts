import type { Kysely } from 'kysely';
import { ConfigError } from '../kernel/errors.ts';
import type { Schema } from './schema.ts';
import type { Vault } from './vault.ts';

export interface SecretRecord {
  value: string;
  expiresAt: number | null;
  version: number;
  /** When the value was last written (epoch ms). */
  updatedAt: number;
}

const CANARY_OWNER = 'system';
const CANARY_NAME = 'vault-check';

/** Encrypted key/value store; `owner` is a connection id or `system`. */
export function secretsRepository(db: Kysely<Schema>, vault: Vault) {
  const aad = (owner: string, name: string) => `${owner}/${name}`;

  return {
    async put(owner: string, name: string, value: string, expiresAt: number | null = null): Promise<void> {
      const now = Date.now();
      const ciphertext = vault.encrypt(value, aad(owner, name));
      await db
        .insertInto('secrets')
        .values({ owner, name, ciphertext, expires_at: expiresAt, version: 1, updated_at: now })
        .onConflict((oc) =>
          oc.columns(['owner', 'name']).doUpdateSet((eb) => ({
            ciphertext,
            expires_at: expiresAt,
            updated_at: now,
            version: eb('secrets.version', '+', 1),
          })),
        )
        .execute();
    },

    async get(owner: string, name: string): Promise<SecretRecord | undefined> {
      const row = await db
        .selectFrom('secrets')
        .select(['ciphertext', 'expires_at', 'version', 'updated_at'])
        .where('owner', '=', owner)
        .where('name', '=', name)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        value: vault.decrypt(row.ciphertext, aad(owner, name)),
        expiresAt: row.expires_at,
        version: row.version,
        updatedAt: row.updated_at,
      };
    },

    async remove(owner: string, name?: string): Promise<void> {
      let query = db.deleteFrom('secrets').where('owner', '=', owner);
      if (name) query = query.where('name', '=', name);
      await query.execute();
    },

    /**
     * Proves the configured key is the one the stored secrets were sealed with,
     * so a changed BRIDGE_SECRET is reported at start rather than at the first token use.
     */
    async checkKey(): Promise<void> {
      const row = await db
        .selectFrom('secrets')
        .select('ciphertext')
        .where('owner', '=', CANARY_OWNER)
        .where('name', '=', CANARY_NAME)
        .executeTakeFirst();
      if (!row) {
        await this.put(CANARY_OWNER, CANARY_NAME, 'ok');
        return;
      }
      try {
        vault.decrypt(row.ciphertext, aad(CANARY_OWNER, CANARY_NAME));
      } catch {
        throw new ConfigError(
          [
            {
              setting: 'BRIDGE_SECRET',
              problem: 'does not match the key the stored secrets were encrypted with',
            },
          ],
          'Start with the original BRIDGE_SECRET (or the original DATA_DIR/secret.key).',
        );
      }
    },
  };
}

export type SecretsRepository = ReturnType<typeof secretsRepository>;
