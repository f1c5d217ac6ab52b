// runtime: node
/**
 * The one limiter policy: every amoCRM client of one account in this process (snapshot, push,
 * rollback, connection checks, the OAuth grant; app, web bridge and CLI alike) shares one
 * adaptive RateLimiter (amo/rate-limiter.ts: spacing, sliding-second cap, halving on 429). The
 * account is its base URL. The caller's rps sets the limiter's ceiling; a limiter stopped by a
 * 403 ban is replaced on the next call, so a later run can retry.
 */
import { RateLimiter } from '../amo/rate-limiter';

const limiters = new Map<string, RateLimiter>();

export function accountLimiter(baseUrl: string, rps: number): RateLimiter {
  const account = new URL(baseUrl).origin;
  let limiter = limiters.get(account);
  if (!limiter || limiter.failed) {
    limiter = new RateLimiter({ rps });
    limiters.set(account, limiter);
  } else if (limiter.ceiling !== rps) {
    limiter.setRps(rps);
  }
  return limiter;
}
