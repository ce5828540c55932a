import { Command } from 'commander';
import { createLogger } from '../../server/logger.ts';
import { createRuntime } from '../../server/runtime.ts';
import { startWorkers } from '../../server/workers.ts';
import { configFrom, runAction } from '../run.ts';
import { stopOnSignals } from '../stop-on-signals.ts';

export function workerCommand(): Command {
  return new Command('worker')
    .description('Run jobs and polls only (no HTTP); start several against one database to scale.')
    .action(
      runAction(async (_options: unknown, command: Command) => {
        const config = configFrom(command);
        const log = createLogger(config.logLevel);
        const runtime = await createRuntime(config, log);
        const workers = await startWorkers(runtime);
        log.info(
          {
            database: runtime.store.dialect,
            queue: runtime.queue.engine,
            concurrency: config.workerConcurrency,
          },
          'worker is running',
        );
        stopOnSignals(log, async () => {
          workers.stop();
          await runtime.close();
        });
      }),
    );
}
