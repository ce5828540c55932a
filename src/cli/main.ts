import { readFileSync } from 'node:fs';
import { Command } from 'commander';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * Each command is loaded only when it runs: `ghl-bridge connections` should not pay for
 * loading the server, the sandboxes and every connector. `--help` loads them all.
 */
const commands: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./commands/start.ts')).startCommand(),
  worker: async () => (await import('./commands/worker.ts')).workerCommand(),
  migrate: async () => (await import('./commands/migrate.ts')).migrateCommand(),
  doctor: async () => (await import('./commands/doctor.ts')).doctorCommand(),
  catalog: async () => (await import('./commands/catalog.ts')).catalogCommand(),
  flows: async () => (await import('./commands/flows.ts')).flowsCommand(),
  sandbox: async () => (await import('./commands/sandbox.ts')).sandboxCommand(),
  connect: async () => (await import('./commands/connect.ts')).connectCommand(),
  connections: async () => (await import('./commands/connections.ts')).connectionsCommand(),
  action: async () => (await import('./commands/action.ts')).actionCommand(),
};

/** The first argument that is not an option or the value of `--config`. */
function requestedCommand(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-c' || arg === '--config') {
      i++;
      continue;
    }
    if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

const program = new Command('ghl-bridge')
  .description('Self-hosted connector between HighLevel (GHL) contacts and Gleap / Gleantap.')
  .version(version)
  .option('-c, --config <file>', 'JSON or YAML config file (default: $BRIDGE_CONFIG)')
  .showHelpAfterError();

const requested = requestedCommand(process.argv.slice(2));
const load = requested ? commands[requested] : undefined;
for (const command of load
  ? [await load()]
  : await Promise.all(Object.values(commands).map((make) => make()))) {
  program.addCommand(command);
}

await program.parseAsync(process.argv);
