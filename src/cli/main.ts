import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { doctorCommand } from './commands/doctor.ts';
import { migrateCommand } from './commands/migrate.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { startCommand } from './commands/start.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const program = new Command('ghl-bridge')
  .description('Self-hosted connector between HighLevel (GHL) contacts and Gleap / Gleantap.')
  .version(version)
  .option('-c, --config <file>', 'JSON or YAML config file (default: $BRIDGE_CONFIG)')
  .showHelpAfterError()
  .addCommand(startCommand())
  .addCommand(migrateCommand())
  .addCommand(doctorCommand())
  .addCommand(sandboxCommand());

await program.parseAsync(process.argv);
