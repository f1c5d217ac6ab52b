// runtime: common (no node, no DOM, no electron)
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { METHOD_NAMES } from './contract';
import { dispatch, type Handlers } from './dispatch';
import { AppError } from './result';

const handlers = new Proxy({} as Handlers, {
  get: (_target, name) => {
    if (name === 'jobs.cancel') return ({ jobId }: { jobId: string }) => ({ cancelled: jobId });
    if (name === 'app.info') return () => { throw new AppError('NO_SNAPSHOT', 'No snapshot is open.'); };
    if (name === 'jobs.list') return () => { throw new Error('boom'); };
    return undefined;
  },
});
const ctx = { transport: 'cli' as const };

describe('dispatch', () => {
  it('parses the single object argument and answers ok', async () => {
    expect(await dispatch(handlers, 'jobs.cancel', { jobId: 'j1' }, ctx)).toEqual({ ok: true, value: { cancelled: 'j1' } });
  });

  it('rejects unknown methods and bad input without calling the handler', async () => {
    const unknown = await dispatch(handlers, 'fs.readFile', {}, ctx);
    expect(unknown.ok === false && unknown.error.code).toBe('UNKNOWN_METHOD');
    const bad = await dispatch(handlers, 'jobs.cancel', { jobId: 42 }, ctx);
    expect(bad.ok === false && bad.error.code).toBe('BAD_INPUT');
    expect(bad.ok === false && bad.error.message).toMatch(/jobId/);
    const extra = await dispatch(handlers, 'jobs.cancel', { jobId: 'x', evil: true }, ctx);
    expect(extra.ok === false && extra.error.code).toBe('BAD_INPUT');
  });

  it('maps AppError to its code and other errors to INTERNAL', async () => {
    const app = await dispatch(handlers, 'app.info', {}, ctx);
    expect(app).toEqual({ ok: false, error: { code: 'NO_SNAPSHOT', message: 'No snapshot is open.' } });
    const internal = await dispatch(handlers, 'jobs.list', {}, ctx);
    expect(internal).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
  });

  it('lists every method once, sorted', () => {
    expect(METHOD_NAMES.length).toBeGreaterThan(5);
    expect([...METHOD_NAMES].sort()).toEqual(METHOD_NAMES);
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length);
    expect(z.string().safeParse(METHOD_NAMES[0]).success).toBe(true);
  });
});
