// runtime: node
import { AppError } from '../../../shared/api/result';

/**
 * Waits `ms`, or rejects with CANCELLED as soon as `signal` aborts (at once if it already has):
 * the pause before a retry, shared by the client and the push engine.
 */
export function cancellablePause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AppError('CANCELLED', 'Cancelled'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AppError('CANCELLED', 'Cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
