import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { recordWrites } from '../../connectors/dry-run.ts';
import { runAction as runConnectorAction } from '../../connectors/run-action.ts';
import { ValidationError } from '../../kernel/errors.ts';
import { connectorServices, openBridgeStore } from '../bridge-store.ts';
import { configFrom, runAction } from '../run.ts';

interface RunOptions {
  connection: string;
  input: string;
  dryRun?: boolean;
}

/** `ghl-bridge action run <connector.action>`: every action, scriptable; the result is JSON on stdout. */
export function actionCommand(): Command {
  const run = new Command('run')
    .description(
      'Run one action on one connection and print its result as JSON (errors: one line on stderr, exit 1).',
    )
    .argument('<action>', 'connector.action, e.g. ghl.get-contact (`ghl-bridge catalog` lists them)')
    .requiredOption('--connection <name>', 'connection name or id (`ghl-bridge connections` lists them)')
    .option('--input <json>', 'the input as JSON; @file reads a file, - reads standard input', '{}')
    .option('--dry-run', 'send reads, record writes instead of sending them, and print both')
    .action(
      runAction(async (actionKey: string, options: RunOptions, command: Command) => {
        const config = configFrom(command);
        const input = parseInput(await inputText(options.input));
        const bridge = await openBridgeStore(config);
        try {
          // Logs go to stderr so that stdout holds only the result.
          const services = connectorServices(bridge, config);
          const { recorder: dryRun, requests: recorded } = recordWrites();
          const result = await runConnectorAction(services, {
            action: actionKey,
            connection: options.connection,
            input,
            ...(options.dryRun ? { dryRun } : {}),
          });
          const printed = options.dryRun ? { dryRun: true, wouldSend: recorded, result } : result;
          process.stdout.write(`${JSON.stringify(printed ?? null, null, 2)}\n`);
        } finally {
          await bridge.close();
        }
      }),
    );
  return new Command('action').description('Run connector actions from the command line.').addCommand(run);
}

async function inputText(value: string): Promise<string> {
  if (value === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  if (value.startsWith('@')) {
    try {
      return readFileSync(value.slice(1), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new ValidationError('--input', [
        { path: '--input', message: `cannot read ${value.slice(1)} (${code})` },
      ]);
    }
  }
  return value;
}

function parseInput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError('--input', [
      { path: '--input', message: `is not valid JSON (${(error as Error).message})` },
    ]);
  }
}
