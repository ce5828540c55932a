import { ValidationError } from '../kernel/errors.ts';

/** One secret a command needs: where it may come from and how to name it in a message. */
export interface SecretSource {
  /** How a person calls it, e.g. "API key". */
  label: string;
  /** The option that may be given as `-` to read it from standard input, e.g. `--api-key`. */
  flag: string;
  /** That option's value as parsed: only `-` is accepted. */
  given: string | undefined;
  /** Environment variable holding it, e.g. GLEAP_API_KEY. */
  env: string;
}

/**
 * Reads secrets without them ever being command-line arguments, which shell history and `ps`
 * keep: each comes from its environment variable, or from standard input, one line each in the
 * order given (`-` forces standard input even when the variable is set). Standard input is read
 * at most once; a terminal is refused rather than waited on, since what is typed would be echoed.
 */
export async function readSecrets(
  command: string,
  sources: SecretSource[],
  input: NodeJS.ReadStream = process.stdin,
): Promise<string[]> {
  const refused = sources.filter((source) => source.given !== undefined && source.given !== '-');
  if (refused.length > 0) {
    throw new ValidationError(
      `options of \`${command}\``,
      refused.map((source) => ({
        path: source.flag,
        message: `takes only "-" (standard input): the ${source.label} itself would stay in shell history; pipe it or set ${source.env}`,
      })),
    );
  }
  const fromStdin = sources.filter((source) => source.given === '-' || !process.env[source.env]?.trim());
  let lines: string[] = [];
  if (fromStdin.length > 0) {
    if (input.isTTY) {
      throw new ValidationError(`options of \`${command}\``, [
        {
          path: fromStdin.map((source) => source.flag).join(', '),
          message: `${describe(fromStdin)} expected on standard input (not a terminal) or in ${fromStdin.map((source) => source.env).join(' / ')}`,
        },
      ]);
    }
    lines = (await readAll(input)).split(/\r?\n/).map((line) => line.trim());
    // A final newline (as `echo` adds) is not a line of its own.
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    if (lines.length !== fromStdin.length || lines.some((line) => line === '')) {
      throw new ValidationError(`standard input of \`${command}\``, [
        {
          path: 'stdin',
          message: `expected ${describe(fromStdin)}, one a line; got ${lines.length} line(s)`,
        },
      ]);
    }
  }
  let next = 0;
  return sources.map((source) =>
    fromStdin.includes(source) ? (lines[next++] as string) : (process.env[source.env] as string).trim(),
  );
}

function describe(sources: SecretSource[]): string {
  return sources.map((source) => `the ${source.label}`).join(' then ');
}

async function readAll(input: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** An http(s) URL option without its trailing slashes, or a validation error naming the option. */
export function urlOption(command: string, option: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^https?:\/\/[^/\s]+/.test(value) || !URL.canParse(value)) {
    throw new ValidationError(`options of \`${command}\``, [
      { path: option, message: 'must be an http:// or https:// URL' },
    ]);
  }
  return value.replace(/\/+$/, '');
}
