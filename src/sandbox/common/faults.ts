import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Run-time fault injection: a share of requests answered with a chosen error status,
 * slowed down, or cut off by destroying the socket. Admin routes are never affected.
 */
export interface FaultSettings {
  /** Share (0..1) of requests answered with one of `statuses` before they are handled. */
  errorRate: number;
  /** Statuses to pick from at random (5xx or 429). */
  statuses: number[];
  /** Share (0..1) of requests whose connection is destroyed. */
  resetRate: number;
  /**
   * `before`: the socket is destroyed before the request is handled (nothing changes);
   * `after`: the request is handled (changes are made) and the socket is destroyed instead of answering.
   */
  resetPhase: 'before' | 'after';
  /** Added to every affected request, in milliseconds. */
  latencyMs: number;
  /** Extra random latency in [0, latencyJitterMs). */
  latencyJitterMs: number;
  /** Forces the next N requests to fail with an error status (then resets itself to 0); applied before `errorRate`. */
  failNext: number;
  /** Only requests whose path starts with one of these are affected (all when empty). */
  pathPrefixes: string[];
}

export const NO_FAULTS: FaultSettings = {
  errorRate: 0,
  statuses: [500, 502, 503],
  resetRate: 0,
  resetPhase: 'before',
  latencyMs: 0,
  latencyJitterMs: 0,
  failNext: 0,
  pathPrefixes: [],
};

export type FaultDecision =
  | { kind: 'none'; delayMs: number }
  | { kind: 'status'; status: number; delayMs: number }
  | { kind: 'reset'; phase: 'before' | 'after'; delayMs: number };

export class FaultInjector {
  private settings: FaultSettings = { ...NO_FAULTS };

  constructor(private readonly random: () => number = Math.random) {}

  configure(settings: Partial<FaultSettings>): FaultSettings {
    this.settings = { ...this.settings, ...settings };
    return this.current();
  }

  current(): FaultSettings {
    return {
      ...this.settings,
      statuses: [...this.settings.statuses],
      pathPrefixes: [...this.settings.pathPrefixes],
    };
  }

  reset(): void {
    this.settings = { ...NO_FAULTS };
  }

  /** Whether any fault is switched on (keeps the hot path to one check when none is). */
  get active(): boolean {
    const s = this.settings;
    return s.errorRate > 0 || s.resetRate > 0 || s.latencyMs > 0 || s.latencyJitterMs > 0 || s.failNext > 0;
  }

  decide(path: string): FaultDecision {
    const s = this.settings;
    if (s.pathPrefixes.length > 0 && !s.pathPrefixes.some((prefix) => path.startsWith(prefix))) {
      return { kind: 'none', delayMs: 0 };
    }
    const delayMs = s.latencyMs + (s.latencyJitterMs > 0 ? Math.floor(this.random() * s.latencyJitterMs) : 0);
    if (s.failNext > 0) {
      s.failNext--;
      return { kind: 'status', status: this.pickStatus(), delayMs };
    }
    if (s.resetRate > 0 && this.random() < s.resetRate)
      return { kind: 'reset', phase: s.resetPhase, delayMs };
    if (s.errorRate > 0 && this.random() < s.errorRate) {
      return { kind: 'status', status: this.pickStatus(), delayMs };
    }
    return { kind: 'none', delayMs };
  }

  private pickStatus(): number {
    const statuses = this.settings.statuses.length > 0 ? this.settings.statuses : [500];
    return statuses[Math.floor(this.random() * statuses.length)] ?? 500;
  }
}

export interface FaultHookOptions {
  /** Paths never affected (default: `/_sandbox`). */
  exemptPrefix?: string;
  /** The body an app answers with for an injected status (default `{ statusCode, message }`). */
  renderError?: (status: number) => unknown;
  /** Called when a connection is reset, so the request log can record it. */
  onReset?: (request: FastifyRequest) => void;
}

const RESET_AFTER = Symbol('sandbox.resetAfter');

/** Installs the fault hooks on an app. The injector may be reconfigured at any time. */
export function installFaults(
  app: FastifyInstance,
  faults: FaultInjector,
  options: FaultHookOptions = {},
): void {
  const exempt = options.exemptPrefix ?? '/_sandbox';
  const renderError = options.renderError ?? defaultErrorBody;

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!faults.active || request.url.startsWith(exempt)) return;
    const decision = faults.decide(request.url);
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.kind === 'status') {
      return reply.code(decision.status).send(renderError(decision.status));
    }
    if (decision.kind === 'reset') {
      if (decision.phase === 'after') {
        (request as unknown as Record<symbol, boolean>)[RESET_AFTER] = true;
        return;
      }
      options.onReset?.(request);
      reply.hijack();
      request.raw.socket.destroy();
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!(request as unknown as Record<symbol, boolean>)[RESET_AFTER]) return payload;
    options.onReset?.(request);
    reply.hijack();
    request.raw.socket.destroy();
    return payload;
  });
}

function defaultErrorBody(status: number): unknown {
  return { statusCode: status, message: status === 429 ? 'Too Many Requests' : 'Injected fault' };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
