import { Command } from 'commander';
import { migrate, openStore } from '../../store/db.ts';
import { configFrom, runAction } from '../run.ts';

export function migrateCommand(): Command {
  return new Command('migrate')
    .description('Apply pending database migrations (also done by `start`).')
    .action(
      runAction(async (_options: unknown, command: Command) => {
        const config = configFrom(command);
        const store = await openStore(config.databaseUrl);
        try {
          const { applied } = await migrate(store);
          process.stdout.write(
            applied.length > 0
              ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n`
              : 'Database is up to date.\n',
          );
        } finally {
          await store.close();
        }
      }),
    );
}
