import { Command } from 'commander';
import { buildServer } from '../../server/app.ts';
import { createLogger } from '../../server/logger.ts';
import { createRuntime } from '../../server/runtime.ts';
import { configFrom, runAction } from '../run.ts';

export function startCommand(): Command {
  return new Command('start')
    .description('Start the HTTP server (API, webhooks, UI) and the workers.')
    .action(
      runAction(async (_options: unknown, command: Command) => {
        const config = configFrom(command);
        const log = createLogger(config.logLevel);
        const runtime = await createRuntime(config, log);
        const app = await buildServer(runtime);
        await app.listen({ port: config.port, host: config.host });
        const address = app.server.address();
        const port = typeof address === 'object' && address ? address.port : config.port;
        log.info(
          {
            url: `http://${config.host}:${port}`,
            database: runtime.store.dialect,
            queue: runtime.queue.engine,
          },
          'ghl-bridge is running',
        );

        let stopping = false;
        const stop = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          log.info({ signal }, 'shutting down: no new requests, finishing in-flight jobs');
          try {
            await app.close();
            await runtime.close();
            log.info('stopped');
            process.exit(0);
          } catch (error) {
            log.error({ err: error }, 'shutdown failed');
            process.exit(1);
          }
        };
        process.once('SIGTERM', () => void stop('SIGTERM'));
        process.once('SIGINT', () => void stop('SIGINT'));
      }),
    );
}
