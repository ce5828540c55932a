import { Command } from 'commander';
import type { Config } from '../../config/load.ts';
import { connectGleap } from '../../connectors/gleap/connect.ts';
import { gleapWebhookPath, rotateGleapWebhookSecret } from '../../connectors/gleap/webhook.ts';
import { ValidationError } from '../../kernel/errors.ts';
import { connectorServices, openBridgeStore } from '../bridge-store.ts';
import { configFrom, runAction } from '../run.ts';
import { readSecrets, urlOption } from '../secret-input.ts';

interface ConnectGleapOptions {
  project?: string;
  name: string;
  baseUrl?: string;
  apiKey?: string;
  rotateWebhookSecret?: boolean;
}

const COMMAND = 'connect gleap';
const print = (line: string) => process.stdout.write(`${line}\n`);

export function connectGleapCommand(): Command {
  return new Command('gleap')
    .description(
      'Connect a Gleap project: the API key (from standard input or $GLEAP_API_KEY) is checked, then saved encrypted, and the webhook URL to register in Gleap is printed once. An existing --name of the same project gets the new key in place, webhook URL unchanged.',
    )
    .option(
      '--project <id>',
      'Gleap project id (24 hex characters, beside the API key in Project Settings → Security)',
    )
    .option('--name <name>', 'connection name', 'gleap')
    .option(
      '--base-url <url>',
      'Gleap API base URL (default https://api.gleap.io/v3; a sandbox URL to try things)',
    )
    .option(
      '--api-key <->',
      '"-" reads the API key from standard input (the default when $GLEAP_API_KEY is unset); a key itself is refused',
    )
    .option(
      '--rotate-webhook-secret',
      'issue a new webhook secret for the existing --name and print its URL; the old URL stops working at once',
    )
    .action(
      runAction(async (options: ConnectGleapOptions, command: Command) => {
        const config = configFrom(command);
        if (options.rotateWebhookSecret) return rotate(config, options);
        if (!options.project) {
          throw new ValidationError(`options of \`${COMMAND}\``, [
            {
              path: '--project',
              message: 'is required (or --rotate-webhook-secret for an existing connection)',
            },
          ]);
        }
        const baseUrl = urlOption(COMMAND, '--base-url', options.baseUrl);
        const [apiKey] = await readSecrets(COMMAND, [
          { label: 'API key', flag: '--api-key', given: options.apiKey, env: 'GLEAP_API_KEY' },
        ]);
        const bridge = await openBridgeStore(config);
        try {
          const services = connectorServices(bridge, config);
          const existing = await bridge.connections.find(options.name);
          const { connection, webhookPath } = await connectGleap(services, {
            name: options.name,
            apiKey: apiKey as string,
            projectId: options.project,
            ...(baseUrl ? { baseUrl } : {}),
          });
          if (existing) {
            // The URL has not changed and Gleap already has it: not printing it again keeps the
            // secret in as few terminals and scrollbacks as possible.
            print(
              `Reconnected "${connection.name}": Gleap project ${options.project}; the API key was checked and replaced in place. The webhook URL is unchanged (not shown again; --rotate-webhook-secret issues a new one).`,
            );
            return;
          }
          print(
            `Connected "${connection.name}": Gleap project ${options.project}; API key checked and stored encrypted.`,
          );
          printWebhookUrl(config, webhookPath, connection.name);
        } finally {
          await bridge.close();
        }
      }),
    );
}

async function rotate(config: Config, options: ConnectGleapOptions): Promise<void> {
  const extra = [
    ...(options.project ? ['--project'] : []),
    ...(options.baseUrl ? ['--base-url'] : []),
    ...(options.apiKey !== undefined ? ['--api-key'] : []),
  ];
  if (extra.length > 0) {
    throw new ValidationError(`options of \`${COMMAND}\``, [
      {
        path: extra.join(', '),
        message:
          'cannot be combined with --rotate-webhook-secret, which changes only the webhook URL of --name',
      },
    ]);
  }
  const bridge = await openBridgeStore(config);
  try {
    const connection = await bridge.connections.get(options.name);
    if (connection.connector !== 'gleap') {
      throw new ValidationError(`options of \`${COMMAND}\``, [
        {
          path: '--name',
          message: `"${connection.name}" is a ${connection.connector} connection, not a Gleap one`,
        },
      ]);
    }
    const secret = await rotateGleapWebhookSecret(bridge.secrets, connection.id);
    print(`Rotated the webhook secret of "${connection.name}": the previous URL is refused from now on.`);
    printWebhookUrl(config, gleapWebhookPath(connection.id, secret), connection.name);
  } finally {
    await bridge.close();
  }
}

/** The URL carries the secret (Gleap does not sign webhooks), so this is the one place it is shown. */
function printWebhookUrl(config: Config, path: string, name: string): void {
  const base = (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
  print(
    'Add this webhook in Gleap (Settings → Integrations → Webhooks), events ticket.created and ticket.updated:',
  );
  print(`${base}${path}`);
  print(
    `The URL contains the webhook secret and is shown only now; keep it private. Lost or leaked: ghl-bridge connect gleap --name ${name} --rotate-webhook-secret.`,
  );
  if (!config.publicUrl) {
    process.stderr.write(
      'ghl-bridge: PUBLIC_URL is not set, so the URL above uses localhost, which Gleap cannot reach; set PUBLIC_URL to the address Gleap can reach and rotate the secret to print the URL again.\n',
    );
  }
}
