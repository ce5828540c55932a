import type { Kysely } from 'kysely';
import { type Connection, connectionsRepository } from '../../../store/connections.ts';
import type { Schema } from '../../../store/schema.ts';
import type { WebhookEnvelope } from './envelope.ts';

/**
 * INSTALL and UNINSTALL of the Marketplace app. UNINSTALL disables the app's OAuth connections
 * to that location (or agency): their polls stop and their jobs are refused. INSTALL brings a
 * disabled one back when it still holds tokens, and for an app installed on an agency whose
 * connection the bridge holds, adds the location's connection (its tokens are minted from the
 * agency's on first use). An INSTALL the bridge cannot act on yet — nobody has connected that
 * location — is reported as `unmatched`; the OAuth callback completes the connection later.
 * Private Integration Tokens do not belong to the app and are left alone.
 */
export interface LifecycleOutcome {
  result: 'enabled' | 'disabled' | 'created' | 'unchanged' | 'unmatched' | 'stale';
  connectionIds: string[];
  message: string;
}

interface Meta {
  locationId?: string;
  companyId?: string;
  userType?: string;
  clientId?: string;
  agencyConnectionId?: string;
  baseUrl?: string;
  /** Time (epoch ms) of the newest INSTALL/UNINSTALL applied, so that an older one arriving late is ignored. */
  lifecycleAt?: number;
}

const metaOf = (connection: Connection) => connection.meta as Meta;

/** Client ids are `<appId>-<suffix>` (HighLevel's SDK derives the app id that way). */
function sameApp(connection: Connection, appId: string | null | undefined): boolean {
  const clientId = metaOf(connection).clientId;
  return !appId || !clientId || clientId === appId || clientId.startsWith(`${appId}-`);
}

export async function applyLifecycle(
  db: Kysely<Schema>,
  event: WebhookEnvelope,
  at: number,
): Promise<LifecycleOutcome> {
  const connections = connectionsRepository(db);
  const all = (await connections.list('ghl')).filter(
    (c) => c.authType === 'oauth2' && sameApp(c, event.appId),
  );
  const locationId = event.locationId ?? undefined;
  const companyId = event.companyId ?? undefined;
  const agencies = all.filter(
    (c) => metaOf(c).userType === 'Company' && companyId && metaOf(c).companyId === companyId,
  );
  const targets = locationId
    ? all.filter((c) => metaOf(c).locationId === locationId)
    : [...agencies, ...all.filter((c) => agencies.some((a) => metaOf(c).agencyConnectionId === a.id))];
  const where = locationId ? `location ${locationId}` : `agency ${companyId ?? '(no id)'}`;
  const fresh = targets.filter((c) => (metaOf(c).lifecycleAt ?? 0) <= at);
  if (targets.length > 0 && fresh.length === 0) {
    return {
      result: 'stale',
      connectionIds: [],
      message: `${event.type} for ${where} is older than the last one applied`,
    };
  }
  const stamp = (c: Connection, status?: Connection['status']) =>
    connections.update(c.id, { ...(status ? { status } : {}), meta: { ...c.meta, lifecycleAt: at } });

  if (event.type === 'UNINSTALL') {
    for (const c of fresh) await stamp(c, 'disabled');
    return fresh.length > 0
      ? {
          result: 'disabled',
          connectionIds: fresh.map((c) => c.id),
          message: `app uninstalled from ${where}`,
        }
      : {
          result: 'unmatched',
          connectionIds: [],
          message: `UNINSTALL for ${where}, which no connection uses`,
        };
  }

  if (fresh.length > 0) {
    const enabled: string[] = [];
    for (const c of fresh) {
      const back = c.status === 'disabled' && (await holdsTokens(db, c));
      await stamp(c, back ? 'active' : undefined);
      if (back) enabled.push(c.id);
    }
    return enabled.length > 0
      ? { result: 'enabled', connectionIds: enabled, message: `app installed again on ${where}` }
      : { result: 'unchanged', connectionIds: fresh.map((c) => c.id), message: `app installed on ${where}` };
  }

  const agency = locationId ? agencies.find((a) => a.status !== 'disabled') : undefined;
  if (agency && locationId) {
    const created = await connections.create({
      name: await freeName(db, `ghl-${locationId}`),
      connector: 'ghl',
      authType: 'oauth2',
      scopes: agency.scopes.filter((scope) => !scope.startsWith('oauth.')),
      meta: {
        ...(metaOf(agency).baseUrl ? { baseUrl: metaOf(agency).baseUrl } : {}),
        userType: 'Location',
        companyId: metaOf(agency).companyId,
        locationId,
        agencyConnectionId: agency.id,
        lifecycleAt: at,
      },
    });
    return {
      result: 'created',
      connectionIds: [created.id],
      message: `app installed on ${where} through agency "${agency.name}"`,
    };
  }
  return {
    result: 'unmatched',
    connectionIds: [],
    message: `INSTALL for ${where}, which no connection holds tokens for yet: run \`ghl-bridge connect ghl\` to complete it`,
  };
}

/** A location connection minted from an agency has no token of its own until first use. */
async function holdsTokens(db: Kysely<Schema>, connection: Connection): Promise<boolean> {
  if (metaOf(connection).agencyConnectionId) return true;
  const row = await db
    .selectFrom('secrets')
    .select('name')
    .where('owner', '=', connection.id)
    .where('name', 'in', ['access_token', 'refresh_token'])
    .executeTakeFirst();
  return row !== undefined;
}

async function freeName(db: Kysely<Schema>, base: string): Promise<string> {
  const taken = new Set(
    (await db.selectFrom('connections').select('name').where('name', 'like', `${base}%`).execute()).map(
      (r) => r.name,
    ),
  );
  let name = base;
  for (let n = 2; taken.has(name); n += 1) name = `${base}-${n}`;
  return name;
}
