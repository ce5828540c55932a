import { Command } from 'commander';
import { buildCatalog, type Catalog, type CatalogEntry } from '../../flows/catalog.ts';
import { runAction } from '../run.ts';

/** `ghl-bridge catalog [--json]`: every action and trigger, from the connectors' own definitions. */
export function catalogCommand(): Command {
  return new Command('catalog')
    .description('List every action and trigger of every connector, with totals per connector.')
    .option('--json', 'print the whole catalog as JSON: input/output JSON schemas, fields, samples')
    .action(
      runAction(async (options: { json?: boolean }) => {
        const catalog = buildCatalog();
        process.stdout.write(options.json ? `${JSON.stringify(catalog, null, 2)}\n` : catalogText(catalog));
      }),
    );
}

export function catalogText(catalog: Catalog): string {
  const blocks = catalog.connectors.map((connector) => {
    const entries = catalog.entries.filter((e) => e.connector === connector.key);
    const heading = `${connector.key}: ${connector.title} — ${count(connector.actions, 'action')}, ${count(connector.triggers, 'trigger')}`;
    const rows = entries.map(rowOf);
    return [heading, `  ${connector.description}`, ...table(rows).map((line) => `  ${line}`)].join('\n');
  });
  const actions = catalog.connectors.reduce((sum, c) => sum + c.actions, 0);
  const triggers = catalog.connectors.reduce((sum, c) => sum + c.triggers, 0);
  const total = `Total: ${count(actions, 'action')} and ${count(triggers, 'trigger')} in ${count(catalog.connectors.length, 'connector')}. \`ghl-bridge catalog --json\` adds input/output schemas and samples.`;
  return `${[...blocks, total].join('\n\n')}\n`;
}

function rowOf(entry: CatalogEntry): string[] {
  const kind = entry.kind === 'trigger' ? `trigger (${entry.triggerKind})` : 'action';
  return [kind, entry.key, entry.title, entry.scopes.length > 0 ? entry.scopes.join(' ') : '-'];
}

function table(rows: string[][]): string[] {
  if (rows.length === 0) return ['(nothing yet)'];
  const header = ['KIND', 'KEY', 'TITLE', 'SCOPES'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)));
  return [header, ...rows].map((cells) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
