import type { Command } from 'commander';
import { type Config, loadConfig } from '../config/load.ts';
import { BridgeError } from '../kernel/errors.ts';

/**
 * Runs a command's body and turns a failure into one clear line on stderr and exit
 * status 1, without a stack trace (set DEBUG=ghl-bridge to see it).
 */
export function runAction<A extends unknown[]>(
  body: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (error) {
      reportFailure(error);
      process.exit(1);
    }
  };
}

export function reportFailure(error: unknown): void {
  if (error instanceof BridgeError) {
    process.stderr.write(`ghl-bridge: ${error.message}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`ghl-bridge: ${message}\n`);
  }
  if (process.env.DEBUG?.includes('ghl-bridge') && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
}

/** Config from the global `--config` option (or BRIDGE_CONFIG) and the environment. */
export function configFrom(command: Command): Config {
  const { config } = command.optsWithGlobals<{ config?: string }>();
  return loadConfig(config ? { file: config } : {});
}
