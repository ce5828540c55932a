/**
 * Webhook delivery as the simulated APIs do it: JSON POSTed to one registered target,
 * signed by an app-specific signer over the exact bytes sent, retried only on the
 * statuses the app retries (GHL: 429 only, six times about ten minutes apart).
 */

/** Produces the signature headers for the exact body bytes that will be sent. */
export type WebhookSigner = (body: Buffer, event: string) => Record<string, string>;

export interface WebhookSettings {
  /** Retries after the first attempt. */
  maxRetries: number;
  retryIntervalMs: number;
  /** Extra random delay in [0, retryJitterMs) added to each retry. */
  retryJitterMs: number;
  /** An attempt that takes longer is aborted and counts as no answer. */
  timeoutMs: number;
  /** Deliveries attempted at the same time; 1 keeps first attempts in the order events happened. */
  concurrency: number;
  /** Which answers are retried (default: 429 only). */
  retryOn: (status: number) => boolean;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  maxRetries: 6,
  retryIntervalMs: 600_000,
  retryJitterMs: 0,
  timeoutMs: 10_000,
  concurrency: 1,
  retryOn: (status) => status === 429,
};

export interface WebhookAttempt {
  at: string;
  /** The target's status; absent when it did not answer. */
  status?: number;
  error?: string;
  durationMs: number;
}

export type WebhookDeliveryState = 'queued' | 'retrying' | 'delivered' | 'failed' | 'no_target';

export interface WebhookDelivery {
  id: string;
  event: string;
  target: string | null;
  state: WebhookDeliveryState;
  createdAt: string;
  attempts: WebhookAttempt[];
  /** The exact body sent (and signed). */
  body: string;
  headers: Record<string, string>;
  /** Optional tags for filtering (location, app...). */
  tags: Record<string, string>;
}

export interface SendOptions {
  /** Overrides the registered target for this delivery. */
  target?: string | null;
  tags?: Record<string, string>;
  /** Extra headers for this delivery only (e.g. a per-tenant webhook's custom headers). */
  headers?: Record<string, string>;
}

export class WebhookDispatcher {
  private settings: WebhookSettings;
  private defaultTarget: string | null = null;
  private targetHeaders: Record<string, string> = {};
  private readonly log: WebhookDelivery[] = [];
  private readonly queue: WebhookDelivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = 0;
  private sequence = 0;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private signer: WebhookSigner = () => ({}),
    settings: Partial<WebhookSettings> = {},
    private readonly logSize = 1_000,
  ) {
    this.settings = { ...DEFAULT_WEBHOOK_SETTINGS, ...settings };
  }

  configure(settings: Partial<WebhookSettings>): WebhookSettings {
    this.settings = { ...this.settings, ...settings };
    return this.settings;
  }

  setSigner(signer: WebhookSigner): void {
    this.signer = signer;
  }

  /** Registers (or, with null, removes) the target URL and extra headers sent with every delivery. */
  setTarget(url: string | null, headers: Record<string, string> = {}): void {
    this.defaultTarget = url;
    this.targetHeaders = headers;
  }

  target(): { url: string | null; headers: Record<string, string> } {
    return { url: this.defaultTarget, headers: { ...this.targetHeaders } };
  }

  /** Serializes, signs and queues one event. Without a target it is only logged (`no_target`). */
  send(event: string, payload: unknown, options: SendOptions = {}): WebhookDelivery {
    const target = options.target !== undefined ? options.target : this.defaultTarget;
    const body = JSON.stringify(payload);
    const headers = {
      'content-type': 'application/json',
      ...this.targetHeaders,
      ...options.headers,
      ...this.signer(Buffer.from(body), event),
    };
    const delivery: WebhookDelivery = {
      id: `whd_${++this.sequence}`,
      event,
      target,
      state: target ? 'queued' : 'no_target',
      createdAt: new Date().toISOString(),
      attempts: [],
      body,
      headers,
      tags: options.tags ?? {},
    };
    this.remember(delivery);
    if (target && !this.closed) {
      this.queue.push(delivery);
      this.pump();
    }
    return delivery;
  }

  deliveries(filter: { event?: string; state?: WebhookDeliveryState; tag?: [string, string] } = {}) {
    return this.log.filter(
      (d) =>
        (!filter.event || d.event === filter.event) &&
        (!filter.state || d.state === filter.state) &&
        (!filter.tag || d.tags[filter.tag[0]] === filter.tag[1]),
    );
  }

  clearDeliveries(): void {
    this.log.length = 0;
  }

  /** Resolves when nothing is queued, in flight or waiting for a retry. */
  settled(): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops queued deliveries and pending retries, forgets the log and the target. */
  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const delivery of this.queue) delivery.state = 'failed';
    this.queue.length = 0;
    this.log.length = 0;
    this.defaultTarget = null;
    this.targetHeaders = {};
    this.notifyIfSettled();
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.queue.length = 0;
    this.notifyIfSettled();
  }

  private remember(delivery: WebhookDelivery): void {
    this.log.push(delivery);
    if (this.log.length > this.logSize) this.log.splice(0, this.log.length - this.logSize);
  }

  private pump(): void {
    while (this.running < this.settings.concurrency && this.queue.length > 0) {
      const delivery = this.queue.shift()!;
      this.running++;
      void this.attempt(delivery).finally(() => {
        this.running--;
        this.pump();
        this.notifyIfSettled();
      });
    }
  }

  private async attempt(delivery: WebhookDelivery): Promise<void> {
    if (!delivery.target) return;
    const started = performance.now();
    const record: WebhookAttempt = { at: new Date().toISOString(), durationMs: 0 };
    try {
      const response = await fetch(delivery.target, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      record.status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      record.error =
        error instanceof Error ? (error.cause as Error | undefined)?.message || error.message : String(error);
    }
    record.durationMs = Math.round(performance.now() - started);
    delivery.attempts.push(record);
    const status = record.status;
    if (status !== undefined && this.settings.retryOn(status)) {
      if (delivery.attempts.length <= this.settings.maxRetries && !this.closed)
        return this.scheduleRetry(delivery);
      delivery.state = 'failed';
      return;
    }
    delivery.state = status !== undefined && status >= 200 && status < 300 ? 'delivered' : 'failed';
  }

  private scheduleRetry(delivery: WebhookDelivery): void {
    delivery.state = 'retrying';
    const { retryIntervalMs, retryJitterMs } = this.settings;
    const delay = retryIntervalMs + (retryJitterMs > 0 ? Math.floor(Math.random() * retryJitterMs) : 0);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed || delivery.state !== 'retrying') return this.notifyIfSettled();
      this.queue.push(delivery);
      this.pump();
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private isSettled(): boolean {
    return this.queue.length === 0 && this.running === 0 && this.timers.size === 0;
  }

  private notifyIfSettled(): void {
    if (!this.isSettled()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
