import { join } from 'node:path';
import type { Logger } from 'pino';
import { parsePublicKeys, webhookKeysFrom } from '../connectors/ghl/webhooks/keys.ts';
import { createWebhookVerifier, type WebhookVerifier } from '../connectors/ghl/webhooks/signature.ts';
import { connectGleantap } from '../connectors/gleantap/connect.ts';
import { connectGleap } from '../connectors/gleap/connect.ts';
import { recipes } from '../flows/recipes/index.ts';
import { installRecipes } from '../flows/recipes/install.ts';
import { type Sandboxes, startSandboxes } from '../sandbox/index.ts';
import type { Runtime } from '../server/runtime.ts';

export const DEMO_CONNECTIONS = { ghl: 'ghl-sandbox', gleap: 'gleap-sandbox', gleantap: 'gleantap-sandbox' };
const PORTS = { ghl: 4010, gleap: 4011, gleantap: 4012 };

export interface Demo {
  sandboxes: Sandboxes;
  /** Accepts the sandbox's webhook signatures as well as HighLevel's. */
  verifier: WebhookVerifier;
  /** Points the sandboxes' webhooks at the running bridge. */
  connectWebhooks(bridgeUrl: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The demo behind a bare `npm start`: the three sandboxes (their data kept in DATA_DIR),
 * connections to them, and every recipe switched on, so a newcomer sees contacts, tasks and
 * notes flowing without an account anywhere.
 */
export async function startDemo(
  runtime: Runtime,
  log: Logger,
  options: { freePorts?: boolean } = {},
): Promise<Demo> {
  const dir = join(runtime.config.dataDir, 'sandbox');
  const sandboxes = await startWithFallback(dir, log, options.freePorts ?? false);
  const { ghl, gleap, gleantap } = sandboxes;
  const services = runtime.services;
  const connections = runtime.repos.connections;

  if (!(await connections.find(DEMO_CONNECTIONS.ghl))) {
    const location = ghl.defaultLocation;
    const created = await connections.create({
      name: DEMO_CONNECTIONS.ghl,
      connector: 'ghl',
      authType: 'private_token',
      scopes: location.scopes,
      meta: {
        locationId: location.locationId,
        companyId: location.companyId,
        baseUrl: ghl.url,
        sandbox: true,
      },
    });
    await runtime.repos.secrets.put(created.id, 'access_token', location.privateIntegrationToken);
  }
  await retarget(runtime, DEMO_CONNECTIONS.ghl, ghl.url);
  if (!(await connections.find(DEMO_CONNECTIONS.gleap)) && gleap.demo) {
    const { projectId, apiKey } = gleap.demo;
    await connectGleap(services, { name: DEMO_CONNECTIONS.gleap, projectId, apiKey, baseUrl: gleap.url });
  }
  await retarget(runtime, DEMO_CONNECTIONS.gleap, gleap.url);
  if (!(await connections.find(DEMO_CONNECTIONS.gleantap)) && gleantap.demo) {
    const { appId, apiKey, secretKey } = gleantap.demo;
    await connectGleantap(services, {
      name: DEMO_CONNECTIONS.gleantap,
      appId,
      apiKey,
      secretKey,
      baseUrl: gleantap.url,
    });
  }
  await retarget(runtime, DEMO_CONNECTIONS.gleantap, gleantap.url);

  // Recipes are installed once; after that they are the user's flows to change or switch off.
  const installed = new Set((await runtime.repos.flows.list()).map((f) => f.recipe));
  const missing = recipes.filter((r) => !installed.has(r.key)).map((r) => r.key);
  if (missing.length > 0)
    await installRecipes(runtime.flows, DEMO_CONNECTIONS, { enable: true, keys: missing });

  const sandboxKey = await (await fetch(`${ghl.url}/_sandbox/keys/ed25519.pem`)).text();
  const real = webhookKeysFrom({
    ghlWebhookPublicKey: runtime.config.ghlWebhookPublicKey,
    ghlWebhookRsaPublicKey: runtime.config.ghlWebhookRsaPublicKey,
  });
  const verifier = createWebhookVerifier({
    ed25519: [...real.ed25519, ...parsePublicKeys(sandboxKey, 'ed25519', 'sandbox key')],
    rsa: real.rsa,
    allowUnsigned: runtime.config.ghlWebhookAllowUnsigned,
  });

  return {
    sandboxes,
    verifier,
    async connectWebhooks(bridgeUrl) {
      ghl.webhooks.setTarget(`${bridgeUrl}/webhooks/ghl`);
      const gleapConnection = await connections.get(DEMO_CONNECTIONS.gleap);
      const project = gleap.demo;
      if (project) {
        const { gleapWebhookPath, gleapWebhookSecret } = await import('../connectors/gleap/webhook.ts');
        const secret = await gleapWebhookSecret(runtime.repos.secrets, gleapConnection.id);
        gleap.admin.clearWebhooks(project.projectId);
        gleap.admin.addWebhook(project.projectId, {
          name: 'ghl-bridge demo',
          url: `${bridgeUrl}${gleapWebhookPath(gleapConnection.id, secret)}`,
          enabled: true,
          events: ['ticket.created', 'ticket.updated'],
        });
      }
      log.info(
        {
          bridge: bridgeUrl,
          api: `${bridgeUrl}/docs`,
          ghlSandbox: ghl.url,
          gleapSandbox: gleap.url,
          gleantapSandbox: gleantap.url,
          recipes: recipes.length,
        },
        `Demo ready: ${recipes.length} recipes run between the sandboxes. Try: curl -X POST ${ghl.url}/contacts/ -H 'Authorization: Bearer ${ghl.defaultLocation.privateIntegrationToken}' -H 'Version: 2021-07-28' -H 'Content-Type: application/json' -d '{"locationId":"${ghl.defaultLocation.locationId}","email":"new.person@example.com","firstName":"New"}' — then see the runs at ${bridgeUrl}/api/runs and the contact in Gleap at ${gleap.url}/_sandbox/projects (docs/demo.md)`,
      );
    },
    close: () => sandboxes.close(),
  };
}

/**
 * The sandbox URL is part of a connection: a restart on other ports must move it. Sandbox
 * connections poll every second (the demo shows changes quickly; the sandbox has no quota to save).
 */
async function retarget(runtime: Runtime, name: string, baseUrl: string): Promise<void> {
  const connection = await runtime.repos.connections.find(name);
  if (!connection || (connection.meta.baseUrl === baseUrl && connection.meta.pollIntervalSeconds === 1))
    return;
  await runtime.repos.connections.update(connection.id, {
    meta: { ...connection.meta, baseUrl, pollIntervalSeconds: 1 },
  });
}

async function startWithFallback(dir: string, log: Logger, freePorts: boolean): Promise<Sandboxes> {
  const files = {
    ghlSnapshotFile: join(dir, 'ghl.json'),
    gleapSnapshotFile: join(dir, 'gleap.json'),
    gleantapSnapshotFile: join(dir, 'gleantap.json'),
  };
  if (freePorts) return startSandboxes({ host: '127.0.0.1', seed: 10, ...files });
  try {
    return await startSandboxes({
      host: '127.0.0.1',
      ghlPort: PORTS.ghl,
      gleapPort: PORTS.gleap,
      gleantapPort: PORTS.gleantap,
      seed: 10,
      ...files,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    log.warn('Sandbox ports 4010-4012 are taken; the demo sandboxes use free ports instead.');
    return startSandboxes({ host: '127.0.0.1', seed: 10, ...files });
  }
}
