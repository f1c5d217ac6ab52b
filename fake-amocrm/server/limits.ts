// runtime: node
/** Rate limits (per token and per account: nginx-like token buckets or strict sliding windows), the ban, faults and request statistics. */
import { seededRandom } from '../../shared/random/seeded';

export interface FaultSpec {
  /** added delay per request, ms */
  latencyMs?: number;
  /** ± uniform jitter around latencyMs, ms */
  jitterMs?: number;
  /** fraction 0..1 of requests answered with a 5xx (500/502/503/504) */
  error5xx?: number;
  /** fraction of JSON responses whose body is not valid JSON */
  malformed?: number;
  /** fraction of JSON responses cut off mid-body (the connection is closed early) */
  truncate?: number;
  /** fraction of requests whose connection is reset without a response */
  reset?: number;
  /** seed of the deterministic fault generator */
  seed?: number;
}

const FAULT_KEYS: Record<string, keyof FaultSpec> = {
  latency: 'latencyMs',
  latencyms: 'latencyMs',
  jitter: 'jitterMs',
  jitterms: 'jitterMs',
  '5xx': 'error5xx',
  error5xx: 'error5xx',
  malformed: 'malformed',
  truncate: 'truncate',
  reset: 'reset',
  seed: 'seed',
};

/** "latency=50,jitter=10,5xx=0.1,malformed=0.05,truncate=0.05,reset=0.02,seed=1" → FaultSpec */
export function parseFaultSpec(spec: string): FaultSpec {
  const out: FaultSpec = {};
  for (const part of spec.split(',')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const [rawKey, rawValue] = trimmed.split('=');
    const key = FAULT_KEYS[(rawKey ?? '').trim().toLowerCase()];
    const value = Number(rawValue);
    if (!key) throw new Error(`Unknown fault "${rawKey ?? ''}" (known: latency, jitter, 5xx, malformed, truncate, reset, seed)`);
    if (rawValue === undefined || !Number.isFinite(value) || value < 0) throw new Error(`Fault "${rawKey ?? ''}" needs a non-negative number`);
    if (['error5xx', 'malformed', 'truncate', 'reset'].includes(key) && value > 1) throw new Error(`Fault "${rawKey ?? ''}" is a fraction from 0 to 1`);
    out[key] = value;
  }
  return out;
}


export type FaultKind = 'none' | '5xx' | 'malformed' | 'truncate' | 'reset';

export class Faults {
  private random: () => number;
  constructor(private spec: FaultSpec) {
    this.random = seededRandom(spec.seed ?? 1);
  }
  get config(): FaultSpec {
    return this.spec;
  }
  /** one draw per request, in a fixed order, so a seed replays the same sequence */
  decide(): { kind: FaultKind; delayMs: number; status5xx: number } {
    const s = this.spec;
    const r1 = this.random();
    const r2 = this.random();
    const r3 = this.random();
    let kind: FaultKind = 'none';
    let edge = 0;
    for (const [k, p] of [
      ['reset', s.reset],
      ['5xx', s.error5xx],
      ['malformed', s.malformed],
      ['truncate', s.truncate],
    ] as const) {
      edge += p ?? 0;
      if (r1 < edge) {
        kind = k;
        break;
      }
    }
    const latency = s.latencyMs ?? 0;
    const jitter = s.jitterMs ?? 0;
    const delayMs = Math.max(0, latency + (jitter > 0 ? (r2 * 2 - 1) * jitter : 0));
    const status5xx = [500, 502, 503, 504][Math.floor(r3 * 4)] ?? 500;
    return { kind, delayMs, status5xx };
  }
}

/**
 * "N requests per second" as nginx limit_req does it (amoCRM answers 429 from nginx): a
 * token bucket / GCRA refilled at N per second, burst N. A client may get up to 2N
 * requests into one 1-second window (the burst plus the refill) without a 429.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private rate: number,
    now: number,
  ) {
    this.tokens = Math.max(1, rate);
    this.last = now;
  }
  take(now: number): boolean {
    if (this.rate <= 0) return true;
    const capacity = Math.max(1, this.rate);
    this.tokens = Math.min(capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
  undo(): void {
    if (this.rate > 0) this.tokens += 1;
  }
}

/**
 * "N requests per second" as a sliding window: a request is accepted when fewer than N
 * requests were accepted in the preceding 1000 ms (N at least 1; rejected requests do not
 * count). So a client that is never refused never shows more than N requests in any
 * 1-second window of /__fake/stats' maxRequestsPerSecond.
 */
export class RateWindow {
  private accepted: number[] = [];
  private head = 0;
  constructor(private rate: number) {}
  take(now: number): boolean {
    if (this.rate <= 0) return true;
    const limit = Math.max(1, Math.floor(this.rate));
    while (this.head < this.accepted.length && (this.accepted[this.head] ?? 0) <= now - 1000) this.head++;
    if (this.head > 1024) {
      this.accepted = this.accepted.slice(this.head);
      this.head = 0;
    }
    if (this.accepted.length - this.head >= limit) return false;
    this.accepted.push(now);
    return true;
  }
  /** gives back the last accepted slot (the other limit refused the request) */
  undo(): void {
    if (this.accepted.length > this.head) this.accepted.pop();
  }
}

export type RateModel = 'bucket' | 'window';

export interface LimitConfig {
  /** bucket (default, nginx-like) or window (strict: never more than rps in any 1-second window) */
  rateModel?: RateModel;
  rps: number;
  accountRps: number;
  /** N 429s within banWindowMs → ban; 0 = never ban */
  banAfter: number;
  banWindowMs: number;
}

export type LimitVerdict = 'ok' | '429' | 'banned';

export class Limiter {
  private buckets = new Map<string, TokenBucket | RateWindow>();
  private account: TokenBucket | RateWindow;
  private recent429: number[] = [];
  banned = false;

  constructor(
    public config: LimitConfig,
    private clock: () => number,
  ) {
    this.account = this.limit(config.accountRps);
  }

  private limit(rate: number): TokenBucket | RateWindow {
    return this.config.rateModel === 'window' ? new RateWindow(rate) : new TokenBucket(rate, this.clock());
  }

  reconfigure(config: LimitConfig): void {
    this.config = config;
    this.buckets.clear();
    this.account = this.limit(config.accountRps);
  }

  reset(): void {
    this.reconfigure(this.config);
    this.recent429 = [];
    this.banned = false;
  }

  unban(): void {
    this.banned = false;
    this.recent429 = [];
  }

  check(key: string): LimitVerdict {
    if (this.banned) return 'banned';
    const now = this.clock();
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = this.limit(this.config.rps)));
    if (bucket.take(now)) {
      if (this.account.take(now)) return 'ok';
      bucket.undo();
    }
    if (this.config.banAfter > 0) {
      this.recent429.push(now);
      while (this.recent429.length > 0 && (this.recent429[0] ?? 0) <= now - this.config.banWindowMs) this.recent429.shift();
      if (this.recent429.length >= this.config.banAfter) this.banned = true;
    }
    return '429';
  }
}

export class Stats {
  requests = 0;
  rejected429 = 0;
  rejected403 = 0;
  maxRequestsPerSecond = 0;
  byRoute: Record<string, number> = {};
  private windows = new Map<string, number[]>();

  constructor(private clock: () => number) {}

  record(route: string, key: string): void {
    this.requests++;
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
    const now = this.clock();
    let window = this.windows.get(key);
    if (!window) this.windows.set(key, (window = []));
    window.push(now);
    while (window.length > 0 && (window[0] ?? 0) <= now - 1000) window.shift();
    if (window.length > this.maxRequestsPerSecond) this.maxRequestsPerSecond = window.length;
  }

  reset(): void {
    this.requests = 0;
    this.rejected429 = 0;
    this.rejected403 = 0;
    this.maxRequestsPerSecond = 0;
    this.byRoute = {};
    this.windows.clear();
  }

  toJSON(): Record<string, unknown> {
    return {
      requests: this.requests,
      rejected429: this.rejected429,
      rejected403: this.rejected403,
      maxRequestsPerSecond: this.maxRequestsPerSecond,
      byRoute: { ...this.byRoute },
    };
  }
}
