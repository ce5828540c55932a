import { Command } from 'commander';
import type { Config } from '../../config/load.ts';
import { buildServer } from '../../server/app.ts';
import { createLogger } from '../../server/logger.ts';
import { createRuntime, type Runtime } from '../../server/runtime.ts';
import { startWorkers, type Workers } from '../../server/workers.ts';
import { DEMO_CONNECTIONS, type Demo, startDemo } from '../demo.ts';
import { configFrom, runAction } from '../run.ts';
import { stopOnSignals } from '../stop-on-signals.ts';

export function startCommand(): Command {
  return new Command('start')
    .description('Start the HTTP server (API, webhooks, OAuth callback, docs) and the workers.')
    .option('--no-workers', 'serve HTTP only; run `ghl-bridge worker` processes for the jobs')
    .action(
      runAction(async (options: { workers: boolean }, command: Command) => {
        const config = configFrom(command);
        const log = createLogger(config.logLevel);
        const runtime = await createRuntime(config, log);
        const demo = (await demoWanted(config, runtime)) ? await startDemo(runtime, log) : undefined;
        const workers: Workers | undefined = options.workers ? await startWorkers(runtime) : undefined;
        const app = await buildServer(runtime, demo ? { ghlWebhookVerifier: demo.verifier } : {});
        await app.listen({ port: config.port, host: config.host });
        const address = app.server.address();
        const port = typeof address === 'object' && address ? address.port : config.port;
        const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
        const url = `http://${host}:${port}`;
        log.info(
          {
            url,
            database: runtime.store.dialect,
            queue: runtime.queue.engine,
            workers: options.workers ? config.workerConcurrency : 0,
            demo: Boolean(demo),
          },
          'ghl-bridge is running',
        );
        await demo?.connectWebhooks(url);
        stopOnSignals(log, async () => {
          await app.close();
          workers?.stop();
          await runtime.close();
          await (demo as Demo | undefined)?.close();
        });
      }),
    );
}

/** `auto`: the demo runs until the embedded install is connected to a real GHL location. */
async function demoWanted(config: Config, runtime: Runtime): Promise<boolean> {
  if (config.demo !== 'auto') return config.demo === 'on';
  if (runtime.store.dialect !== 'sqlite') return false;
  const ghl = await runtime.repos.connections.list('ghl');
  return ghl.every((c) => c.name === DEMO_CONNECTIONS.ghl);
}
