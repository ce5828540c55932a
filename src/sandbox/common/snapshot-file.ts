import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Optional persistence of a sandbox's in-memory state: one JSON file, written atomically
 * (temporary file, then rename) so a crash never leaves half a snapshot.
 */
export function writeSnapshotFile(path: string, state: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, path);
}

/** The saved state, or undefined when there is no file yet. */
export function readSnapshotFile(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`The sandbox snapshot ${path} is not valid JSON; delete it to start fresh.`, {
      cause: error,
    });
  }
}

/** Saves a little after changes (at most once per `delayMs`), so a crash loses at most that much. */
export class ScheduledSave {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly save: () => void,
    private readonly delayMs = 1_000,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.save();
      } catch {
        // The next change or close() tries again; a sandbox must not crash on a full disk.
      }
    }, this.delayMs);
    this.timer.unref();
  }

  /** Saves now (on close), dropping a pending timer. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.save();
  }
}
