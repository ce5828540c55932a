import { Command, InvalidArgumentError } from 'commander';
import { startSandboxes } from '../../sandbox/index.ts';
import { runAction } from '../run.ts';

interface SandboxOptions {
  port: number;
  host: string;
  seed: number;
  snapshot?: string;
}

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    }
    return parsed;
  };
}

/** `ghl-bridge sandbox`: the simulated APIs on loopback, until Ctrl-C. */
export function sandboxCommand(): Command {
  return new Command('sandbox')
    .description('Start the simulated GHL API (contacts, OAuth, webhooks) for trying flows safely.')
    .option('-p, --port <port>', 'GHL sandbox port', integer('--port', 0, 65_535), 4010)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <n>', 'realistic demo contacts to create', integer('--seed', 0, 1_000_000), 25)
    .option('--snapshot <file>', 'keep the sandbox state in this JSON file across restarts')
    .action(
      runAction(async (options: SandboxOptions) => {
        const sandboxes = await startSandboxes({
          host: options.host,
          ghlPort: options.port,
          seed: options.seed,
          ...(options.snapshot && { ghlSnapshotFile: options.snapshot }),
        });
        const { ghl } = sandboxes;
        const location = ghl.defaultLocation;
        process.stdout.write(
          [
            `GHL sandbox:      ${ghl.url}   (use it as the GHL API base URL)`,
            `  Location id:    ${location.locationId}`,
            `  Company id:     ${location.companyId}`,
            `  Private Integration Token: ${location.privateIntegrationToken}`,
            `  Scopes:         ${location.scopes.join(' ')}`,
            `  Admin API:      ${ghl.url}/_sandbox/locations  (see docs/sandbox.md)`,
            `  Webhook keys:   ${ghl.url}/_sandbox/keys`,
            options.snapshot
              ? `  Snapshot:       ${options.snapshot}`
              : '  Snapshot:       none (state is lost on exit)',
            'Press Ctrl-C to stop.',
            '',
          ].join('\n'),
        );
        let stopping = false;
        const stop = async () => {
          if (stopping) return;
          stopping = true;
          await sandboxes.close();
          process.exit(0);
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
      }),
    );
}
