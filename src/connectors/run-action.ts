import { randomUUID } from 'node:crypto';
import type { ActionContext } from '../kernel/define.ts';
import { AuthError, issuesFromZod, ValidationError } from '../kernel/errors.ts';
import { clientForConnection, type DryRunRecorder } from './client-for-connection.ts';
import { connectionInfo } from './connection-info.ts';
import { findAction } from './registry.ts';
import type { ConnectorServices } from './services.ts';

export interface RunActionRequest {
  /** `connector.action`, e.g. `ghl.create-task`. */
  action: string;
  /** Connection id or name. */
  connection: string;
  input: unknown;
  idempotencyKey?: string;
  /** Record writes instead of sending them. */
  dryRun?: DryRunRecorder;
  signal?: AbortSignal;
}

/**
 * Runs one action on one connection: checks the input, the connection's state and scopes
 * before any request, then checks the answer against the action's output schema.
 */
export async function runAction(services: ConnectorServices, request: RunActionRequest): Promise<unknown> {
  const { connector, action } = findAction(request.action);
  const connection = await services.connections.get(request.connection);
  if (connection.connector !== connector.key) {
    throw new ValidationError('connection', [
      {
        path: 'connection',
        message: `"${connection.name}" is a ${connection.connector} connection; ${request.action} needs ${connector.key}`,
      },
    ]);
  }
  if (connection.status !== 'active') {
    throw new AuthError(`Connection "${connection.name}" is ${connection.status.replace('_', ' ')}.`, {
      connection: connection.name,
      needsReauth: connection.status === 'needs_reauth',
      hint: `Reconnect it with \`ghl-bridge connect ${connector.key} --name ${connection.name}\`; its work waits until then.`,
    });
  }
  const missing = action.scopes.filter((scope: string) => !connection.scopes.includes(scope));
  if (missing.length > 0) {
    throw new AuthError(
      `${request.action} needs the scope ${missing.join(', ')}, which connection "${connection.name}" was not granted.`,
      {
        connection: connection.name,
        hint: `Reconnect it with ${missing.join(', ')} included, or use a connection that has it. Nothing was sent.`,
      },
    );
  }
  const parsed = action.input.safeParse(request.input ?? {});
  if (!parsed.success)
    throw new ValidationError(`input for ${request.action}`, issuesFromZod(parsed.error.issues, 'input'));

  const info = connectionInfo(connection);
  const http = clientForConnection(services, connector, connection, request.dryRun);
  const ctx: ActionContext = {
    client: connector.createClient({ http, connection: info, links: services.links }),
    connection: info,
    idempotencyKey: request.idempotencyKey ?? randomUUID(),
    dryRun: Boolean(request.dryRun),
    log: services.log,
    ...(request.signal ? { signal: request.signal } : {}),
  };
  const result = await action.run(ctx, parsed.data);
  if (request.dryRun) return result;
  const output = action.output.safeParse(result);
  if (!output.success) {
    throw new ValidationError(`answer of ${request.action}`, issuesFromZod(output.error.issues, 'output'), {
      hint: 'The API answered in a shape the action does not expect; the raw answer is in the run record.',
    });
  }
  return output.data;
}
