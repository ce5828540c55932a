import { Command, InvalidArgumentError } from 'commander';
import { connectAgencyLocation } from '../../auth/connect-agency-location.ts';
import { connectPrivateToken } from '../../auth/connect-private-token.ts';
import { ghlMeta } from '../../auth/ghl-connection.ts';
import { MINT_SCOPE, READ_SCOPE, scopesFor, splitScopes } from '../../auth/ghl-oauth.ts';
import type { Config } from '../../config/load.ts';
import { ConfigError, ValidationError } from '../../kernel/errors.ts';
import { GHL_CALLBACK_PATH } from '../../server/routes/oauth.ts';
import type { Connection } from '../../store/connections.ts';
import { openBridgeStore } from '../bridge-store.ts';
import { connectInBrowser } from '../connect-ghl-oauth.ts';
import { configFrom, runAction } from '../run.ts';
import { connectGleantapCommand } from './connect-gleantap.ts';
import { connectGleapCommand } from './connect-gleap.ts';

interface ConnectGhlOptions {
  token?: string;
  location?: string;
  name?: string;
  write?: boolean;
  scopes?: string;
  agency?: boolean;
  locationName?: string;
  fromAgency?: string;
  baseUrl?: string;
  marketplaceUrl?: string;
  clientId?: string;
  redirectUri?: string;
  browser: boolean;
  wait: boolean;
  timeout: number;
}

const print = (line: string) => process.stdout.write(`${line}\n`);

export function connectCommand(): Command {
  return new Command('connect')
    .description('Connect an account of an app to the bridge.')
    .addCommand(connectGhlCommand())
    .addCommand(connectGleapCommand())
    .addCommand(connectGleantapCommand());
}

function connectGhlCommand(): Command {
  return new Command('ghl')
    .description(
      'Connect a GHL location: OAuth in the browser (default), a whole agency (--agency), or a Private Integration Token (--token). An existing --name is reconnected in place.',
    )
    .option('--token <pit>', 'Private Integration Token of a sub-account ("-" reads it from standard input)')
    .option(
      '--location <id>',
      'location id: required with --token; with --agency or --from-agency, the location to connect',
    )
    .option('--name <name>', 'connection name (default ghl-<location id>, or ghl-agency-<company id>)')
    .option('--write', `ask for ${READ_SCOPE} and contacts.write (default: ${READ_SCOPE} only)`)
    .option(
      '--scopes <scopes>',
      'exactly these scopes, space or comma separated (with --token: no detection)',
    )
    .option('--agency', 'authorize the agency (Company token) to mint location tokens')
    .option('--location-name <name>', 'with --agency --location: name of the location connection')
    .option(
      '--from-agency <connection>',
      'connect --location through an existing agency connection, no browser',
    )
    .option('--base-url <url>', 'GHL API base URL (default: $GHL_BASE_URL)')
    .option('--marketplace-url <url>', 'where the consent page is (default: $GHL_MARKETPLACE_URL)')
    .option(
      '--client-id <id>',
      'OAuth app client id (default: $GHL_CLIENT_ID; the secret is $GHL_CLIENT_SECRET)',
    )
    .option('--redirect-uri <url>', `default: $PUBLIC_URL${GHL_CALLBACK_PATH}`)
    .option('--no-browser', 'print the address without trying to open a browser')
    .option('--no-wait', 'print the address and exit; the running bridge saves the connection')
    .option('--timeout <seconds>', 'how long to wait for the consent', seconds, 600)
    .action(
      runAction(async (options: ConnectGhlOptions, command: Command) => {
        const config = configFrom(command);
        const mode = modeOf(options);
        const bridge = await openBridgeStore(config);
        try {
          const baseUrl = urlOption(options.baseUrl, '--base-url') ?? config.ghlBaseUrl;
          if (mode === 'token') {
            const token = options.token === '-' ? await readStdin() : (options.token ?? '');
            const { connection, detected } = await connectPrivateToken(bridge, {
              token,
              locationId: options.location ?? '',
              baseUrl,
              ...(options.name ? { name: options.name } : {}),
              ...(options.scopes ? { scopes: splitScopes(options.scopes) } : {}),
            });
            print(
              describe(
                connection,
                detected ? 'Private Integration Token, scopes detected' : 'Private Integration Token',
              ),
            );
          } else if (mode === 'from-agency') {
            const connection = await connectAgencyLocation(bridge, {
              agency: options.fromAgency ?? '',
              locationId: options.location ?? '',
              ...(options.name ? { name: options.name } : {}),
            });
            print(describe(connection, `tokens minted by agency connection "${options.fromAgency}"`));
          } else {
            const outcome = await connectInBrowser(bridge, browserOptions(options, config, baseUrl), print);
            if (outcome) {
              print(describe(outcome.connection, 'OAuth'));
              for (const location of outcome.locations)
                print(describe(location, 'tokens minted by the agency'));
            }
          }
        } finally {
          await bridge.close();
        }
      }),
    );
}

function modeOf(options: ConnectGhlOptions): 'token' | 'from-agency' | 'browser' {
  const problems: { path: string; message: string }[] = [];
  if (options.token !== undefined && (options.agency || options.fromAgency)) {
    problems.push({ path: '--token', message: 'cannot be combined with --agency or --from-agency' });
  }
  if (options.agency && options.fromAgency) {
    problems.push({ path: '--from-agency', message: 'cannot be combined with --agency' });
  }
  if ((options.token !== undefined || options.fromAgency) && !options.location) {
    problems.push({
      path: '--location',
      message: `is required with ${options.token !== undefined ? '--token' : '--from-agency'}`,
    });
  }
  if (options.location && options.token === undefined && !options.agency && !options.fromAgency) {
    problems.push({
      path: '--location',
      message:
        'goes with --token, --agency or --from-agency (OAuth lets you choose the location on the consent page)',
    });
  }
  if (problems.length > 0) throw new ValidationError('options of `connect ghl`', problems);
  return options.token !== undefined ? 'token' : options.fromAgency ? 'from-agency' : 'browser';
}

function browserOptions(options: ConnectGhlOptions, config: Config, baseUrl: string) {
  const clientId = options.clientId ?? config.ghlClientId;
  const clientSecret = config.ghlClientSecret;
  const missing = [
    ...(clientId ? [] : [{ setting: 'GHL_CLIENT_ID', problem: 'is not set (or pass --client-id)' }]),
    ...(clientSecret ? [] : [{ setting: 'GHL_CLIENT_SECRET', problem: 'is not set' }]),
  ];
  if (!clientId || !clientSecret) {
    throw new ConfigError(
      missing,
      'Create a GHL Marketplace app (docs/auth.md) and set its credentials, or connect with --token.',
    );
  }
  const redirectUri =
    urlOption(options.redirectUri, '--redirect-uri') ??
    `${config.publicUrl ?? `http://localhost:${config.port}`}${GHL_CALLBACK_PATH}`;
  if (new URL(redirectUri).pathname !== GHL_CALLBACK_PATH) {
    throw new ValidationError('redirect URI', [
      { path: '--redirect-uri', message: `must end with ${GHL_CALLBACK_PATH}, where the bridge receives it` },
    ]);
  }
  const agency = Boolean(options.agency);
  const given = options.scopes ? splitScopes(options.scopes) : undefined;
  // Given scopes are taken as they are, plus what the bridge cannot work without.
  const scopes = given
    ? [...new Set([READ_SCOPE, ...(agency ? [MINT_SCOPE] : []), ...given])]
    : scopesFor({ write: options.write === true, agency });
  return {
    clientId,
    clientSecret,
    redirectUri,
    baseUrl,
    marketplaceUrl: urlOption(options.marketplaceUrl, '--marketplace-url') ?? config.ghlMarketplaceUrl,
    scopes,
    userType: agency ? ('Company' as const) : ('Location' as const),
    ...(options.name ? { name: options.name } : {}),
    ...(agency && options.location
      ? {
          locations: [
            { locationId: options.location, ...(options.locationName ? { name: options.locationName } : {}) },
          ],
        }
      : {}),
    browser: options.browser,
    wait: options.wait,
    timeoutSeconds: options.timeout,
  };
}

function describe(connection: Connection, how: string): string {
  const meta = ghlMeta(connection);
  const target =
    meta.userType === 'Company'
      ? `agency ${meta.companyId}`
      : `location ${meta.locationId}${meta.companyId ? ` (company ${meta.companyId})` : ''}`;
  return `Connected "${connection.name}": GHL ${target}; ${how}; scopes: ${connection.scopes.join(' ') || '(none)'}.`;
}

function urlOption(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^https?:\/\/[^/\s]+/.test(value) || !URL.canParse(value)) {
    throw new ValidationError('options of `connect ghl`', [
      { path: option, message: 'must be an http:// or https:// URL' },
    ]);
  }
  return value.replace(/\/+$/, '');
}

function seconds(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 86_400) {
    throw new InvalidArgumentError('--timeout must be a whole number of seconds from 1 to 86400.');
  }
  return parsed;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}
