import { Command } from 'commander';
import { ghlMeta, reconnectCommand } from '../../auth/ghl-connection.ts';
import { loadConfig } from '../../config/load.ts';
import { BridgeError } from '../../kernel/errors.ts';
import { createLogger } from '../../server/logger.ts';
import { createRuntime, type Runtime } from '../../server/runtime.ts';
import type { Connection } from '../../store/connections.ts';
import { runAction } from '../run.ts';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export function doctorCommand(): Command {
  return new Command('doctor')
    .description(
      'Check the configuration, the database, the secret key, the queue and every connection; say what to fix.',
    )
    .action(
      runAction(async (_options: unknown, command: Command) => {
        const checks: Check[] = [];
        const { config: file } = command.optsWithGlobals<{ config?: string }>();
        let runtime: Runtime | undefined;
        try {
          const config = loadConfig(file ? { file } : {});
          checks.push({
            name: 'configuration',
            ok: true,
            detail: `database ${config.databaseUrl.split(':')[0]}`,
          });
          runtime = await createRuntime(config, createLogger('silent'));
          checks.push({ name: 'database', ok: true, detail: `${runtime.store.dialect}, migrations applied` });
          checks.push({
            name: 'secret key',
            ok: true,
            detail: `from ${runtime.vaultKey.origin}${runtime.vaultKey.path ? ` (${runtime.vaultKey.path})` : ''}; stored secrets decrypt`,
          });
          await runtime.queue.health();
          checks.push({ name: 'queue', ok: true, detail: runtime.queue.engine });
          const connections = await runtime.repos.connections.list();
          const names = new Map(connections.map((c) => [c.id, c.name]));
          for (const connection of connections) checks.push(connectionCheck(connection, names));
        } catch (error) {
          const name = checks.length === 0 ? 'configuration' : checks.length === 1 ? 'database' : 'queue';
          checks.push({
            name,
            ok: false,
            detail: error instanceof BridgeError ? error.message : (error as Error).message,
          });
        } finally {
          await runtime?.close({ timeoutMs: 1000 });
        }
        for (const check of checks)
          process.stdout.write(`${check.ok ? '✓' : '✗'} ${check.name}: ${check.detail}\n`);
        if (checks.some((c) => !c.ok)) process.exitCode = 1;
      }),
    );
}

function connectionCheck(connection: Connection, names: Map<string, string>): Check {
  const { name, connector, status } = connection;
  if (status === 'active') return { name: `connection ${name}`, ok: true, detail: `${connector}, active` };
  if (status === 'needs_reauth') {
    const meta = ghlMeta(connection);
    const why = meta.reauthReason
      ? ` (${meta.reauthReason.replace(/\.$/, '')}${meta.reauthSince ? `, since ${meta.reauthSince}` : ''})`
      : '';
    const agency = meta.agencyConnectionId ? names.get(meta.agencyConnectionId) : undefined;
    return {
      name: `connection ${name}`,
      ok: false,
      detail: `${connector}: its authorization was refused${why}; its jobs are held, not dropped. Reconnect it with \`${reconnectCommand(connection, agency)}\`.`,
    };
  }
  return { name: `connection ${name}`, ok: false, detail: `${connector}, ${status}` };
}
