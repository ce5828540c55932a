import { GHL_DEMO_LOCATION, type GhlSandbox, type GhlSandboxOptions, startGhlSandbox } from './ghl/index.ts';

export interface SandboxesOptions {
  host?: string;
  /** 0 picks a free port (tests); `ghl-bridge sandbox` uses 4010. */
  ghlPort?: number;
  /** Realistic contacts created in the GHL demo location. */
  seed?: number;
  /** Snapshot file of the GHL sandbox (loaded at start when it exists, saved after changes). */
  ghlSnapshotFile?: string;
  /** Any other GHL sandbox option (limits, token lifetime, webhook retry interval...). */
  ghl?: Omit<GhlSandboxOptions, 'host' | 'port'>;
}

export interface Sandboxes {
  ghl: GhlSandbox;
  /** Base URL of each simulated API. */
  urls: { ghl: string };
  close(): Promise<void>;
}

/** Starts the simulated APIs (GHL for now) with the fixed demo credentials. */
export async function startSandboxes(options: SandboxesOptions = {}): Promise<Sandboxes> {
  const host = options.host ?? '127.0.0.1';
  const ghl = await startGhlSandbox({
    defaultLocation: GHL_DEMO_LOCATION,
    ...options.ghl,
    host,
    port: options.ghlPort ?? 0,
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.ghlSnapshotFile && { snapshotFile: options.ghlSnapshotFile }),
  });
  return {
    ghl,
    urls: { ghl: ghl.url },
    close: async () => {
      await ghl.close();
    },
  };
}

export { GHL_DEMO_LOCATION, type GhlSandbox, type GhlSandboxOptions, startGhlSandbox };
