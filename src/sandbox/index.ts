import { GHL_DEMO_LOCATION, type GhlSandbox, type GhlSandboxOptions, startGhlSandbox } from './ghl/index.ts';
import {
  GLEANTAP_DEMO_ACCOUNT,
  type GleantapSandbox,
  type GleantapSandboxOptions,
  startGleantapSandbox,
} from './gleantap/index.ts';
import {
  GLEAP_DEMO_PROJECT,
  type GleapSandbox,
  type GleapSandboxOptions,
  startGleapSandbox,
} from './gleap/index.ts';

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
  /** 0 picks a free port (tests); `ghl-bridge sandbox` uses 4011. */
  gleapPort?: number;
  /** 0 picks a free port (tests); `ghl-bridge sandbox` uses 4012. */
  gleantapPort?: number;
  gleapSnapshotFile?: string;
  gleantapSnapshotFile?: string;
  /** Any other Gleap sandbox option (limits, webhook target and retry...). */
  gleap?: Omit<GleapSandboxOptions, 'host' | 'port'>;
  /** Any other Gleantap sandbox option (limits, opt-in confirmation...). */
  gleantap?: Omit<GleantapSandboxOptions, 'host' | 'port'>;
}

export interface Sandboxes {
  ghl: GhlSandbox;
  gleap: GleapSandbox;
  gleantap: GleantapSandbox;
  /** Base URL of each simulated API. */
  urls: { ghl: string; gleap: string; gleantap: string };
  close(): Promise<void>;
}

/** Starts the simulated APIs (GHL, Gleap, Gleantap) with the fixed demo credentials. */
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
  // The demo project and account always exist; `seed` fills them with that many contacts.
  const seedCount = options.seed ?? 0;
  let gleap: GleapSandbox | undefined;
  try {
    gleap = await startGleapSandbox({
      projects: [GLEAP_DEMO_PROJECT],
      ...(seedCount > 0 && { seed: { contacts: seedCount } }),
      ...options.gleap,
      host,
      port: options.gleapPort ?? 0,
      ...(options.gleapSnapshotFile && { snapshotFile: options.gleapSnapshotFile }),
    });
    const gleantap = await startGleantapSandbox({
      accounts: [GLEANTAP_DEMO_ACCOUNT],
      ...(seedCount > 0 && { seed: { customers: seedCount } }),
      ...options.gleantap,
      host,
      port: options.gleantapPort ?? 0,
      ...(options.gleantapSnapshotFile && { snapshotFile: options.gleantapSnapshotFile }),
    });
    const started = gleap;
    return {
      ghl,
      gleap: started,
      gleantap,
      urls: { ghl: ghl.url, gleap: started.url, gleantap: gleantap.url },
      close: async () => {
        await Promise.all([ghl.close(), started.close(), gleantap.close()]);
      },
    };
  } catch (error) {
    await Promise.all([ghl.close(), gleap?.close()]);
    throw error;
  }
}

export {
  GHL_DEMO_LOCATION,
  type GhlSandbox,
  type GhlSandboxOptions,
  GLEANTAP_DEMO_ACCOUNT,
  GLEAP_DEMO_PROJECT,
  type GleantapSandbox,
  type GleantapSandboxOptions,
  type GleapSandbox,
  type GleapSandboxOptions,
  startGhlSandbox,
  startGleantapSandbox,
  startGleapSandbox,
};
