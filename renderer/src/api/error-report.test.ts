// runtime: browser
import { describe, expect, it, vi } from 'vitest';
import { installErrorReporting, reportRendererError } from './error-report';

describe('renderer error reporting', () => {
  it('sends uncaught errors, rejections and crashed screens to app.logError, and stops when asked', async () => {
    const listeners = new Map<string, (event: unknown) => void>();
    const win = {
      addEventListener: vi.fn((type: string, fn: (event: unknown) => void) => listeners.set(type, fn)),
      removeEventListener: vi.fn((type: string) => listeners.delete(type)),
    };
    const call = vi.fn(async () => ({ ok: true as const, value: { logged: true } }));
    const stop = installErrorReporting({ call } as never, win as never);
    const boom = new Error('boom');
    listeners.get('error')!({ error: boom, message: 'boom' });
    listeners.get('unhandledrejection')!({ reason: 'nope' });
    reportRendererError(new Error('render'), 'boundary');
    expect(call).toHaveBeenNthCalledWith(1, 'app.logError', expect.objectContaining({ message: 'boom', source: 'window', stack: expect.stringContaining('boom') }));
    expect(call).toHaveBeenNthCalledWith(2, 'app.logError', { message: 'nope', source: 'promise' });
    expect(call).toHaveBeenNthCalledWith(3, 'app.logError', expect.objectContaining({ message: 'render', source: 'boundary' }));
    stop();
    reportRendererError(new Error('after'), 'boundary');
    expect(call).toHaveBeenCalledTimes(3);
    expect(listeners.size).toBe(0);
  });

  it('never throws when the report itself fails', async () => {
    const call = vi.fn(async () => {
      throw new Error('bridge down');
    });
    const stop = installErrorReporting({ call } as never, { addEventListener: vi.fn(), removeEventListener: vi.fn() } as never);
    expect(() => reportRendererError('x'.repeat(10_000), 'window')).not.toThrow();
    expect(call).toHaveBeenCalledWith('app.logError', { message: 'x'.repeat(4000), source: 'window' });
    await Promise.resolve();
    stop();
  });
});
