import { Command } from 'commander';
import { loadConfig } from '../../config/load.ts';
import { BridgeError } from '../../kernel/errors.ts';
import { createLogger } from '../../server/logger.ts';
import { createRuntime, type Runtime } from '../../server/runtime.ts';
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
          for (const connection of await runtime.repos.connections.list()) {
            checks.push(connectionCheck(connection.name, connection.connector, connection.status));
          }
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

function connectionCheck(name: string, connector: string, status: string): Check {
  if (status === 'active') return { name: `connection ${name}`, ok: true, detail: `${connector}, active` };
  if (status === 'needs_reauth') {
    return {
      name: `connection ${name}`,
      ok: false,
      detail: `${connector}: its authorization was refused; its jobs are held. Reconnect with \`ghl-bridge connect ${connector} --name ${name}\`.`,
    };
  }
  return { name: `connection ${name}`, ok: false, detail: `${connector}, ${status}` };
}
