// runtime: node
import { describe, expect, it } from 'vitest';
import type { DbReader } from '../db/handles';
import { accountLimiter } from './limiter';
import { ConnectionRegistry } from './registry';

describe('one limiter policy per account', () => {
  it('every caller of one account gets the same adaptive limiter; its rps sets the ceiling', () => {
    const a = accountLimiter('https://one.amocrm.ru', 7);
    const b = accountLimiter('https://one.amocrm.ru/api/v4/leads', 3);
    expect(b).toBe(a);
    expect(a.ceiling).toBe(3);
    expect(accountLimiter('https://two.amocrm.ru', 7)).not.toBe(a);
  });

  it('a 429 slows every client of the account; a limiter stopped by a ban is replaced', () => {
    const limiter = accountLimiter('https://three.amocrm.ru', 7);
    limiter.rateLimited();
    expect(accountLimiter('https://three.amocrm.ru', 7).rps).toBeLessThan(7);
    limiter.fail(new Error('banned'));
    const next = accountLimiter('https://three.amocrm.ru', 7);
    expect(next).not.toBe(limiter);
    expect(next.failed).toBeNull();
  });

  it("the registry's clients of one connection share the account's limiter", async () => {
    const reg = new ConnectionRegistry();
    reg.set({ info: { id: 'c1', baseUrl: 'https://four.amocrm.ru', subdomain: 'four', accountId: 1, accountName: 'Four', auth: 'long-lived', isDemo: false }, auth: { kind: 'long-lived', getToken: async () => 't' }, secretKey: 'k' });
    expect(reg.list().map((c) => c.info.id)).toEqual(['c1']);
    expect(() => reg.clientFor('nope')).toThrow(/connect the account first/);
    reg.clientFor('c1', 5);
    expect(accountLimiter('https://four.amocrm.ru', 5).ceiling).toBe(5);
  });

  it('a read handle has no way to write (checked by the compiler)', () => {
    const reader = { prepare: () => ({ get: () => undefined, all: () => [], iterate: () => [][Symbol.iterator](), pluck: () => reader.prepare('') }), readonly: true } as unknown as DbReader;
    // @ts-expect-error a DbReader's statements have no run()
    expect(() => reader.prepare('DELETE FROM meta').run()).toThrow();
  });
});
