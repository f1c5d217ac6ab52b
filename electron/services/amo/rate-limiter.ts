// runtime: node
/**
 * One limiter per amoCRM account, shared by every request to it (snapshot, push, checks).
 *
 * Two rules together: starts are spaced at least 1000/rps ms apart (no bursts), and no
 * more than `rps` starts fall inside any window of `windowMs` (1000 ms plus a small safety
 * margin for network jitter), so a server counting arrivals per sliding second never sees
 * more than `rps`. Waiters are served in FIFO order. `fail(error)` stops the account:
 * every queued and every future acquire rejects with that error (a 403 ban).
 *
 * The rate adapts to a server that allows less (amoCRM bans an account after repeated 429s,
 * see shared/docs/amocrm-api.md §3): each 429 reported with `rateLimited()` halves the rate
 * (multiplicative decrease; the 429s of requests already in flight count once) and holds
 * every start for a second, or for the server's Retry-After when it sent one. The rate then
 * climbs back by itself (additive increase): quickly up to 90 % of the rate that met the last
 * 429, slowly above it, never above the configured rps. A server that allows the full rate
 * never answers 429, so the limiter then keeps it.
 */
export interface RateLimiterOptions {
  rps: number;
  /** extra milliseconds added to the one-second window; default 25 */
  marginMs?: number;
  now?: () => number;
}

/** additive increase: rps gained per second up to 90 % of the rate of the last 429 … */
const FAST_CLIMB = 0.2;
/** … and above it */
const SLOW_CLIMB = 0.02;
const DECREASE = 0.5;
const MIN_RPS = 0.2;
/** a start is held this long after a 429 without Retry-After */
const HOLD_MS = 1000;
/** Retry-After beyond this is not waited for in full */
const MAX_HOLD_MS = 600_000;

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export class RateLimiter {
  /** the configured rate: never exceeded */
  private ceilingValue: number;
  /** the rate right after the last decrease, and when that was (the rate climbs from there) */
  private floorRps: number;
  private decreasedAt = Number.NEGATIVE_INFINITY;
  /** the rate that met the last 429 */
  private badRps = Number.POSITIVE_INFINITY;
  /** no start before this time (after a 429) */
  private holdUntil = 0;
  private rejections = 0;
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
    this.ceilingValue = options.rps;
    this.floorRps = options.rps;
    this.marginMs = options.marginMs ?? 25;
    this.now = options.now ?? (() => Date.now());
  }

  /** The rate allowed now: the configured one, or less after 429s. */
  get rps(): number {
    return Math.round(this.rateAt(this.now()) * 100) / 100;
  }

  /** The configured rate, which the adaptive rate never exceeds. */
  get ceiling(): number {
    return this.ceilingValue;
  }

  /** 429s reported so far that lowered the rate. */
  get decreases(): number {
    return this.rejections;
  }

  /** Lower (or raise) the ceiling at run time; it applies to the next start. */
  setRps(rps: number): void {
    if (!(rps > 0)) throw new Error('rps must be positive');
    this.ceilingValue = rps;
    this.pump();
  }

  /**
   * The server answered 429: halve the rate (once for the 429s of requests started before the
   * last decrease took effect) and hold every start for a second, or `retryAfterMs`.
   */
  rateLimited(retryAfterMs?: number | null): void {
    const now = this.now();
    const hold = retryAfterMs !== undefined && retryAfterMs !== null && retryAfterMs > 0 ? Math.min(MAX_HOLD_MS, retryAfterMs) : HOLD_MS;
    this.holdUntil = Math.max(this.holdUntil, now + hold);
    if (now - this.decreasedAt > HOLD_MS + this.marginMs) {
      const current = this.rateAt(now);
      this.badRps = current;
      this.floorRps = Math.max(MIN_RPS, current * DECREASE);
      this.decreasedAt = now;
      this.rejections++;
    }
    // the timer set for the old rate is replaced, so that the hold applies
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.pump();
  }

  /** floor + additive increase since the last decrease, up to the ceiling */
  private rateAt(now: number): number {
    if (this.decreasedAt === Number.NEGATIVE_INFINITY) return this.ceilingValue;
    const seconds = Math.max(0, now - this.decreasedAt) / 1000;
    const knee = Math.max(this.floorRps, this.badRps * 0.9);
    const fastSeconds = (knee - this.floorRps) / FAST_CLIMB;
    const rate = seconds <= fastSeconds ? this.floorRps + FAST_CLIMB * seconds : knee + SLOW_CLIMB * (seconds - fastSeconds);
    return Math.min(this.ceilingValue, rate);
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
    const rps = this.rateAt(now);
    const spacing = 1000 / rps;
    const last = this.starts.at(-1);
    let wait = Math.max(last === undefined ? 0 : last + spacing - now, this.holdUntil - now);
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
      const keep = Math.max(1, Math.floor(this.ceilingValue)) + 1;
      if (this.starts.length > keep) this.starts.splice(0, this.starts.length - keep);
      w.resolve();
    }
  }
}
