import { Command } from 'commander';
import { connectGleantap } from '../../connectors/gleantap/connect.ts';
import { ValidationError } from '../../kernel/errors.ts';
import { connectorServices, openBridgeStore } from '../bridge-store.ts';
import { configFrom, runAction } from '../run.ts';
import { readSecrets, urlOption } from '../secret-input.ts';

interface ConnectGleantapOptions {
  appId?: string;
  name: string;
  baseUrl?: string;
  timezone?: string;
  apiKey?: string;
  secretKey?: string;
}

const COMMAND = 'connect gleantap';

export function connectGleantapCommand(): Command {
  return new Command('gleantap')
    .description(
      'Connect a Gleantap account: the API key and secret key (standard input, one a line in that order, or $GLEANTAP_API_KEY / $GLEANTAP_SECRET_KEY) are checked, then saved encrypted. An existing --name of the same app_id gets the new keys in place.',
    )
    .option('--app-id <id>', 'Gleantap app_id')
    .option('--name <name>', 'connection name', 'gleantap')
    .option(
      '--base-url <url>',
      'Gleantap API base URL (default https://api.gleantap.com; a sandbox URL to try things)',
    )
    .option(
      '--timezone <Area/City>',
      'IANA time zone in which the account reads updated_since dates, if not UTC (docs/apps.md)',
    )
    .option(
      '--api-key <->',
      '"-" reads the API key from standard input (the default when $GLEANTAP_API_KEY is unset); a key itself is refused',
    )
    .option(
      '--secret-key <->',
      '"-" reads the secret key from standard input (the default when $GLEANTAP_SECRET_KEY is unset); a key itself is refused',
    )
    .action(
      runAction(async (options: ConnectGleantapOptions, command: Command) => {
        const config = configFrom(command);
        if (!options.appId?.trim()) {
          throw new ValidationError(`options of \`${COMMAND}\``, [
            { path: '--app-id', message: 'is required' },
          ]);
        }
        const baseUrl = urlOption(COMMAND, '--base-url', options.baseUrl);
        const [apiKey, secretKey] = await readSecrets(COMMAND, [
          { label: 'API key', flag: '--api-key', given: options.apiKey, env: 'GLEANTAP_API_KEY' },
          { label: 'secret key', flag: '--secret-key', given: options.secretKey, env: 'GLEANTAP_SECRET_KEY' },
        ]);
        const bridge = await openBridgeStore(config);
        try {
          const existing = await bridge.connections.find(options.name);
          const connection = await connectGleantap(connectorServices(bridge, config), {
            name: options.name,
            appId: options.appId,
            apiKey: apiKey as string,
            secretKey: secretKey as string,
            ...(baseUrl ? { baseUrl } : {}),
            ...(options.timezone ? { timezone: options.timezone } : {}),
          });
          const zone = options.timezone ? `; updated_since read in ${options.timezone}` : '';
          process.stdout.write(
            existing
              ? `Reconnected "${connection.name}": Gleantap app ${options.appId}; the keys were checked and replaced in place${zone}.\n`
              : `Connected "${connection.name}": Gleantap app ${options.appId}; keys checked and stored encrypted${zone}.\n`,
          );
        } finally {
          await bridge.close();
        }
      }),
    );
}
