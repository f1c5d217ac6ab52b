// runtime: node
/**
 * One limiter per amoCRM account, shared by every request to it (snapshot, push, checks).
 *
 * Two rules together: starts are spaced at least 1000/rps ms apart (no bursts), and no
 * more than `rps` starts fall inside any window of `windowMs` (1000 ms plus a small safety
 * margin for network jitter), so a server counting arrivals per sliding second never sees
 * more than `rps`. Waiters are served in FIFO order. `fail(error)` stops the account:
 * every queued and every future acquire rejects with that error (a 403 ban).
 */
export interface RateLimiterOptions {
  rps: number;
  /** extra milliseconds added to the one-second window; default 25 */
  marginMs?: number;
  now?: () => number;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export class RateLimiter {
  private rpsValue: number;
  private readonly marginMs: number;
  private readonly now: () => number;
  /** start times of the most recent requests (at most rps of them) */
  private readonly starts: number[] = [];
  /** start times over the last few seconds, for the measured rate */
  private readonly recent: number[] = [];
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  private failure: unknown = null;

  constructor(options: RateLimiterOptions) {
    if (!(options.rps > 0)) throw new Error('rps must be positive');
    this.rpsValue = options.rps;
    this.marginMs = options.marginMs ?? 25;
    this.now = options.now ?? (() => Date.now());
  }

  get rps(): number {
    return this.rpsValue;
  }

  /** Lower (or raise) the ceiling at run time; it applies to the next start. */
  setRps(rps: number): void {
    if (!(rps > 0)) throw new Error('rps must be positive');
    this.rpsValue = rps;
    this.pump();
  }

  get failed(): unknown {
    return this.failure;
  }

  /** Resolves when the caller may send one request. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          reject(signal.reason ?? new Error('aborted'));
          this.pump();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** Stops the account: every queued and future acquire rejects with `error`. */
  fail(error: unknown): void {
    if (this.failure) return;
    this.failure = error;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const w of this.queue.splice(0)) {
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      w.reject(error);
    }
  }

  /** Requests started per second over the last `seconds` seconds. */
  currentRps(seconds = 3): number {
    const now = this.now();
    const from = now - seconds * 1000;
    while (this.recent.length > 0 && (this.recent[0] ?? 0) < now - 10_000) this.recent.shift();
    const n = this.recent.filter((t) => t > from).length;
    return Math.round((n / seconds) * 100) / 100;
  }

  /** Milliseconds until the next start is allowed (0 = now). */
  private delay(now: number): number {
    const rps = this.rpsValue;
    const spacing = 1000 / rps;
    const last = this.starts.at(-1);
    let wait = last === undefined ? 0 : last + spacing - now;
    const cap = Math.max(1, Math.floor(rps));
    if (this.starts.length >= cap) {
      const oldest = this.starts[this.starts.length - cap] ?? 0;
      wait = Math.max(wait, oldest + 1000 + this.marginMs - now);
    }
    return Math.max(0, Math.ceil(wait));
  }

  private pump(): void {
    if (this.failure || this.timer) return;
    while (this.queue.length > 0) {
      const now = this.now();
      const wait = this.delay(now);
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pump();
        }, wait);
        return;
      }
      const w = this.queue.shift()!;
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      this.starts.push(now);
      this.recent.push(now);
      const keep = Math.max(1, Math.floor(this.rpsValue)) + 1;
      if (this.starts.length > keep) this.starts.splice(0, this.starts.length - keep);
      w.resolve();
    }
  }
}

/** Limiters by account base URL, so every client of one account in this process shares one. */
const shared = new Map<string, RateLimiter>();

export function sharedLimiter(baseUrl: string, rps: number): RateLimiter {
  let limiter = shared.get(baseUrl);
  if (!limiter || limiter.failed) {
    limiter = new RateLimiter({ rps });
    shared.set(baseUrl, limiter);
  } else if (limiter.rps !== rps) {
    limiter.setRps(rps);
  }
  return limiter;
}
