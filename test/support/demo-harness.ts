import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Demo, startDemo } from '../../src/cli/demo.ts';
import { loadConfig } from '../../src/config/load.ts';
import { findTrigger } from '../../src/connectors/registry.ts';
import { buildServer } from '../../src/server/app.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createRuntime, type Runtime } from '../../src/server/runtime.ts';
import { startWorkers, type Workers } from '../../src/server/workers.ts';
import { waitFor } from './databases.ts';

export interface DemoHarness {
  runtime: Runtime;
  demo: Demo;
  close(): Promise<void>;
}

/**
 * The demo in this process: sandboxes on free ports, the bridge's server and workers, the
 * recipes on. It returns once every poll trigger in use has run its first (learning) pass:
 * changes made before that would be history, which polls never replay.
 */
export async function startDemoHarness(prefix: string): Promise<DemoHarness> {
  const dir = mkdtempSync(join(tmpdir(), `ghl-bridge-${prefix}-`));
  const env = {
    DATA_DIR: dir,
    DATABASE_URL: `sqlite:${join(dir, 'bridge.db')}`,
    BRIDGE_ADMIN_TOKEN: 'demo-harness-admin-token-0123456789',
    LOG_LEVEL: 'silent',
    WORKER_CONCURRENCY: '4',
  };
  const log = createLogger('silent');
  const runtime = await createRuntime(loadConfig({ env }), log, { queuePollMs: 20 });
  const demo = await startDemo(runtime, log, { freePorts: true });
  // Recipes chain (one GHL change feeds several flows); a roomier GHL budget keeps tests quick.
  demo.sandboxes.ghl.limiter.configure({ max: 2_000, intervalMs: 10_000 });
  const workers: Workers = await startWorkers(runtime);
  const app: FastifyInstance = await buildServer(runtime, { ghlWebhookVerifier: demo.verifier });
  await demo.connectWebhooks(await app.listen({ port: 0, host: '127.0.0.1' }));
  await waitFor(async () => allPollsStarted(runtime), 20_000, 50);
  return {
    runtime,
    demo,
    async close() {
      workers.stop();
      await app.close();
      await runtime.close({ timeoutMs: 500 });
      await demo.close();
    },
  };
}

async function allPollsStarted(runtime: Runtime): Promise<boolean> {
  for (const flow of await runtime.repos.flows.list({ enabledOnly: true })) {
    const trigger = flow.definition.trigger as { event: string; connection?: string };
    const [connector] = trigger.event.split('.');
    if (connector === 'ghl' || !trigger.connection) continue;
    const connection = await runtime.repos.connections.find(trigger.connection);
    const kind = findTrigger(trigger.event).trigger.kind;
    if (kind !== 'poll' || !connection) continue;
    if (!(await runtime.repos.cursors.get(connection.id, trigger.event))) return false;
  }
  return true;
}
