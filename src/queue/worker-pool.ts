export interface WorkerPoolOptions<J extends { id: string }> {
  concurrency: number;
  pollMs: number;
  claim(limit: number): Promise<J[]>;
  run(job: J, signal: AbortSignal): Promise<void>;
  /** Called at shutdown with the ids of jobs that did not finish in time. */
  release(ids: string[]): Promise<void>;
}

/** Keeps up to `concurrency` jobs of one kind running; sleeps when there is nothing due. */
export class WorkerPool<J extends { id: string }> {
  readonly #options: WorkerPoolOptions<J>;
  readonly #running = new Map<string, Promise<void>>();
  readonly #abort = new AbortController();
  #stopping = false;
  #wakeUp: (() => void) | undefined;
  #loop: Promise<void> | undefined;

  constructor(options: WorkerPoolOptions<J>) {
    this.#options = options;
  }

  start(): void {
    this.#loop = this.#run();
  }

  wake(): void {
    this.#wakeUp?.();
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      const free = this.#options.concurrency - this.#running.size;
      let claimed: J[] = [];
      if (free > 0) {
        try {
          claimed = await this.#options.claim(free);
        } catch {
          // The database is briefly unavailable (locked, restarting): try again after a pause.
          claimed = [];
        }
      }
      for (const job of claimed) {
        const done = this.#options
          .run(job, this.#abort.signal)
          .catch(() => {})
          .finally(() => {
            this.#running.delete(job.id);
            this.wake();
          });
        this.#running.set(job.id, done);
      }
      if (claimed.length === 0 || this.#running.size >= this.#options.concurrency) await this.#sleep();
    }
  }

  #sleep(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.#options.pollMs);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.#wakeUp = undefined;
        resolve();
      }
      this.#wakeUp = done;
    });
  }

  async stop(timeoutMs: number): Promise<void> {
    this.#stopping = true;
    this.wake();
    await this.#loop;
    const pending = [...this.#running.entries()];
    if (pending.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([
      Promise.all(pending.map(([, p]) => p)).then(() => 'done' as const),
      timedOut,
    ]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.#abort.abort();
      await this.#options.release([...this.#running.keys()]);
    }
  }
}
