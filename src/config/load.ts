import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError, type SettingProblem } from '../kernel/errors.ts';
import { settings } from './settings.ts';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  secret: string | undefined;
  /** Bearer token of the REST API; see src/server/api/admin-token.ts. */
  adminToken: string | undefined;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  demo: 'auto' | 'on' | 'off';
  workerConcurrency: number;
  queueLeaseSeconds: number;
  shutdownTimeoutMs: number;
  /** Without a trailing slash. */
  publicUrl: string | undefined;
  ghlClientId: string | undefined;
  ghlClientSecret: string | undefined;
  ghlBaseUrl: string;
  ghlMarketplaceUrl: string;
  ghlWebhookPublicKey: string | undefined;
  ghlWebhookRsaPublicKey: string | undefined;
  ghlWebhookAllowUnsigned: boolean;
  webhookMaxAgeSeconds: number;
  webhookBodyLimit: number;
  /** 0: reconciliation off. */
  reconcileIntervalSeconds: number;
  reconcileLookbackSeconds: number;
  reconcileGraceSeconds: number;
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** Path of a JSON or YAML config file; defaults to env BRIDGE_CONFIG. */
  file?: string;
}

/** Reads settings from the config file and the environment; reports every problem at once. */
export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const problems: SettingProblem[] = [];
  const filePath = options.file ?? env.BRIDGE_CONFIG;
  const fromFile = filePath ? readConfigFile(filePath, problems) : {};

  const known = new Set<string>(settings.map((s) => s.key));
  for (const key of Object.keys(fromFile)) {
    if (!known.has(key))
      problems.push({ setting: `${key} (in ${filePath})`, problem: 'is not a known setting' });
  }

  const values: Record<string, unknown> = {};
  for (const spec of settings) {
    const envValue = env[spec.env];
    const fileValue = fromFile[spec.key];
    const source =
      envValue !== undefined && envValue !== '' ? 'env' : fileValue !== undefined ? 'file' : 'default';
    const raw =
      source === 'env'
        ? envValue
        : source === 'file'
          ? fileValue
          : 'default' in spec
            ? spec.default
            : undefined;
    const parsed = spec.schema.safeParse(raw);
    if (parsed.success) {
      values[spec.key] = parsed.data;
      continue;
    }
    const name = source === 'file' ? `${spec.key} (in ${filePath})` : spec.env;
    const message = parsed.error.issues[0]?.message ?? 'is invalid';
    const shown = 'secret' in spec && spec.secret ? '' : ` (got ${JSON.stringify(redactUrl(String(raw)))})`;
    problems.push({ setting: name, problem: `${message}${shown}` });
  }

  if (problems.length === 0 && !values.secret && String(values.databaseUrl).startsWith('postgres')) {
    problems.push({
      setting: 'BRIDGE_SECRET',
      problem: 'is required with PostgreSQL, so that every worker decrypts tokens with the same key',
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values as unknown as Config;
}

function readConfigFile(path: string, problems: SettingProblem[]): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push({ setting: 'BRIDGE_CONFIG', problem: `cannot read ${path} (${code ?? 'error'})` });
    return {};
  }
  try {
    const data = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
    if (data === null || data === undefined) return {};
    if (typeof data !== 'object' || Array.isArray(data)) {
      problems.push({ setting: 'BRIDGE_CONFIG', problem: `${path} must hold an object of settings` });
      return {};
    }
    return data as Record<string, unknown>;
  } catch (error) {
    problems.push({
      setting: 'BRIDGE_CONFIG',
      problem: `${path} is not valid JSON or YAML: ${(error as Error).message.split('\n')[0]}`,
    });
    return {};
  }
}

/** Keeps credentials of a database URL out of messages. */
export function redactUrl(value: string): string {
  return value.replace(/\/\/([^/@]*)@/, (_m, auth: string) =>
    auth.includes(':') ? '//***:***@' : `//${auth}@`,
  );
}
