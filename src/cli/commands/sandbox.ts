import { Command, InvalidArgumentError } from 'commander';
import { startSandboxes } from '../../sandbox/index.ts';
import { runAction } from '../run.ts';

interface SandboxOptions {
  port: number;
  gleapPort: number;
  gleantapPort: number;
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
    .description('Start the simulated GHL, Gleap and Gleantap APIs for trying flows safely.')
    .option('-p, --port <port>', 'GHL sandbox port', integer('--port', 0, 65_535), 4010)
    .option('--gleap-port <port>', 'Gleap sandbox port', integer('--gleap-port', 0, 65_535), 4011)
    .option('--gleantap-port <port>', 'Gleantap sandbox port', integer('--gleantap-port', 0, 65_535), 4012)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <n>', 'realistic demo contacts to create', integer('--seed', 0, 1_000_000), 25)
    .option('--snapshot <file>', 'keep the sandbox state in this JSON file across restarts')
    .action(
      runAction(async (options: SandboxOptions) => {
        const sandboxes = await startSandboxes({
          host: options.host,
          ghlPort: options.port,
          gleapPort: options.gleapPort,
          gleantapPort: options.gleantapPort,
          seed: options.seed,
          ...(options.snapshot && {
            ghlSnapshotFile: options.snapshot,
            gleapSnapshotFile: siblingFile(options.snapshot, 'gleap'),
            gleantapSnapshotFile: siblingFile(options.snapshot, 'gleantap'),
          }),
        });
        const { ghl, gleap, gleantap } = sandboxes;
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
            `Gleap sandbox:    ${gleap.url}   (use it instead of https://api.gleap.io/v3)`,
            `  Project id:     ${gleap.demo?.projectId ?? '(none)'}`,
            `  API key:        ${gleap.demo?.apiKey ?? '(none)'}`,
            `  Admin API:      ${gleap.url}/_sandbox/projects  (see docs/sandbox-apps.md)`,
            `Gleantap sandbox: ${gleantap.url}   (use it instead of https://api.gleantap.com)`,
            `  app_id:         ${gleantap.demo?.appId ?? '(none)'}`,
            `  X-API-KEY:      ${gleantap.demo?.apiKey ?? '(none)'}`,
            `  X-SECRET-KEY:   ${gleantap.demo?.secretKey ?? '(none)'}`,
            `  Admin API:      ${gleantap.url}/_sandbox/accounts  (see docs/sandbox-apps.md)`,
            options.snapshot
              ? `  Snapshot:       ${options.snapshot} (+ .gleap / .gleantap beside it)`
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

/** `state.json` → `state.gleap.json`: one snapshot file per simulated API. */
function siblingFile(path: string, app: string): string {
  return /\.json$/i.test(path) ? path.replace(/\.json$/i, `.${app}.json`) : `${path}.${app}.json`;
}
