import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import pino from 'pino';
import { parse as parseYaml } from 'yaml';
import { parseFlowText } from '../../flows/definition.ts';
import type { TestRunResult } from '../../flows/test-run.ts';
import { NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { testStoredFlow } from '../../server/api/flow-testing.ts';
import { listRuns, replayRun } from '../../server/api/run-history.ts';
import { createLogger } from '../../server/logger.ts';
import { createRuntime, type Runtime } from '../../server/runtime.ts';
import type { StoredFlow } from '../../store/flows.ts';
import { configFrom, runAction } from '../run.ts';

/**
 * `ghl-bridge flows ...`: the same operations as /api/flows and /api/runs, straight on the
 * database (like `migrate`), so they work whether or not the bridge is running.
 */
export function flowsCommand(): Command {
  const flows = new Command('flows').description(
    'Flows: list, import, export, enable, disable, test; their runs and replay. Works on the database directly.',
  );

  flows
    .command('list')
    .description('List the flows: name, on/off, trigger, steps.')
    .option('--json', 'print them as JSON')
    .action(
      withRuntime(async (runtime, options: { json?: boolean }) => {
        const list = await runtime.repos.flows.list();
        if (options.json) return print(JSON.stringify(list, null, 2));
        if (list.length === 0)
          return print('No flows yet. Import one with `ghl-bridge flows import <file>`.');
        print(table(['NAME', 'ENABLED', 'TRIGGER', 'STEPS', 'VERSION', 'ID'], list.map(flowRow)));
      }),
    );

  flows
    .command('import')
    .description('Save a flow from a JSON or YAML file; replaces the flow of the same name. All or nothing.')
    .argument('<file>', 'flow document (.json, .yaml or .yml)')
    .action(
      withRuntime(async (runtime, file: string) => {
        const document = parseFlowText(readText(file));
        const existed = await runtime.repos.flows.find(document.name);
        const saved = await runtime.flows.save(document);
        print(
          `${existed ? 'Replaced' : 'Created'} flow "${saved.name}" (version ${saved.version}, ${saved.enabled ? 'enabled' : 'disabled'}), id ${saved.id}.`,
        );
      }),
    );

  flows
    .command('export')
    .description('Print a flow document, ready to import elsewhere.')
    .argument('<name>', 'flow name or id')
    .option('--yaml', 'YAML instead of JSON')
    .action(
      withRuntime(async (runtime, name: string, options: { yaml?: boolean }) => {
        process.stdout.write(await runtime.flows.export(name, options.yaml ? 'yaml' : 'json'));
      }),
    );

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    flows
      .command(verb)
      .description(enabled ? 'Switch a flow on (checked again first).' : 'Switch a flow off.')
      .argument('<name>', 'flow name or id')
      .action(
        withRuntime(async (runtime, name: string) => {
          const flow = await runtime.flows.setEnabled(name, enabled);
          print(`Flow "${flow.name}" is ${enabled ? 'enabled' : 'disabled'}.`);
        }),
      );
  }

  flows
    .command('test')
    .description(
      "Run a flow on a sample (the trigger's own, or --sample): a dry run shows the writes it would send.",
    )
    .argument('<name>', 'flow name or id')
    .option('--sample <file>', 'trigger payload as JSON or YAML')
    .option('--live', 'send the writes too (meant for sandbox connections)')
    .option('--json', 'print the result as JSON')
    .action(
      withRuntime(
        async (runtime, name: string, options: { sample?: string; live?: boolean; json?: boolean }) => {
          const result = await testStoredFlow(runtime, name, {
            mode: options.live ? 'live' : 'dry-run',
            ...(options.sample ? { sample: parseYaml(readText(options.sample)) } : {}),
          });
          print(options.json ? JSON.stringify(result, null, 2) : testReport(name, result, options.sample));
          if (result.steps.some((step) => step.status === 'failed')) process.exitCode = 1;
        },
      ),
    );

  flows
    .command('runs')
    .description('List runs, newest first.')
    .option('--flow <name>', 'only runs of this flow (name or id)')
    .addOption(
      new Option('--status <status>', 'only runs with this status').choices([
        'running',
        'succeeded',
        'failed',
        'skipped',
      ]),
    )
    .option('--limit <n>', 'at most this many (1-500)', positiveInt, 50)
    .option('--json', 'print them as JSON')
    .action(
      withRuntime(
        async (
          runtime,
          options: {
            flow?: string;
            status?: 'running' | 'succeeded' | 'failed' | 'skipped';
            limit: number;
            json?: boolean;
          },
        ) => {
          const runs = await listRuns(runtime, options);
          if (options.json) return print(JSON.stringify(runs, null, 2));
          if (runs.length === 0) return print('No runs match.');
          print(
            table(
              ['ID', 'FLOW', 'STATUS', 'STARTED', 'ERROR'],
              runs.map((run) => [
                run.id,
                run.flowName ?? run.flowId,
                run.status,
                run.startedAt,
                run.error ?? '',
              ]),
            ),
          );
        },
      ),
    );

  flows
    .command('replay')
    .description('Run a failed run again from its failed step; the workers of `ghl-bridge start` pick it up.')
    .argument('<run>', 'run id (`ghl-bridge flows runs --status failed` lists them)')
    .action(
      withRuntime(async (runtime, runId: string) => {
        const run = await replayRun(runtime, runId);
        print(`Run ${run.id} of "${run.flowName ?? run.flowId}" is queued again from its failed step.`);
      }),
    );

  return flows;
}

type Body<A extends unknown[]> = (runtime: Runtime, ...args: A) => Promise<void>;

/**
 * Opens the bridge's database (migrated, the secret key checked) for one command and closes it.
 * Refused documents print one problem per line with its path; other failures one line; exit 1.
 */
function withRuntime<A extends unknown[]>(body: Body<A>) {
  return runAction(async (...args: [...A, Command]) => {
    const command = args[args.length - 1] as Command;
    const config = configFrom(command);
    // Warnings and errors on stderr, so stdout holds only what was asked for.
    const level = config.logLevel === 'info' ? 'warn' : config.logLevel;
    const runtime = await createRuntime(config, createLogger(level, pino.destination({ fd: 2, sync: true })));
    try {
      await body(runtime, ...(args.slice(0, -1) as A));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const where = typeof args[0] === 'string' ? args[0] : 'The input';
      process.stderr.write(
        `ghl-bridge: ${where} was refused; nothing was saved:\n${error.issues.map((i) => `  ${i.path || '(document)'}: ${i.message}`).join('\n')}\n`,
      );
      process.exitCode = 1;
    } finally {
      await runtime.close({ timeoutMs: 1000 });
    }
  });
}

function flowRow(flow: StoredFlow): string[] {
  const definition = flow.definition as { trigger?: { event?: string }; steps?: unknown[] };
  return [
    flow.name,
    flow.enabled ? 'yes' : 'no',
    definition.trigger?.event ?? '?',
    String(definition.steps?.length ?? 0),
    String(flow.version),
    flow.id,
  ];
}

function testReport(name: string, result: TestRunResult, sample: string | undefined): string {
  const lines = [
    `${result.mode === 'live' ? 'Live run' : 'Dry run (no writes sent)'} of flow "${name}" on ${sample ? sample : "the trigger's sample"}.`,
    `Filter: ${result.filterPassed ? 'passed' : 'did not pass; no step runs'}.`,
  ];
  for (const [index, step] of result.steps.entries()) {
    lines.push(`${index + 1}. ${step.key} (${step.action}): ${step.status}`);
    if (step.input !== undefined) lines.push(`   input: ${JSON.stringify(step.input)}`);
    for (const request of step.requests) {
      const body = request.body === undefined ? '' : ` ${JSON.stringify(request.body)}`;
      lines.push(`   would send: ${request.method} ${request.path}${body}`);
    }
    if (step.output !== undefined) lines.push(`   output: ${JSON.stringify(step.output)}`);
    if (step.error) lines.push(`   error: ${step.error}`);
  }
  return lines.join('\n');
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NotFoundError(`Cannot read ${file} (${code ?? 'error'}).`);
  }
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500)
    throw new InvalidArgumentError('must be a whole number from 1 to 500.');
  return n;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [header, ...rows].map(format).join('\n');
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
