// runtime: browser
import type { InputOf, MethodName, OutputOf, PreloadApi } from '../../../shared/api/contract';
import { fail, type Result } from '../../../shared/api/result';
import type { RendererApi } from './types';

/** Electron: the preload exposes one function per method on window.amosweep. */
export function createIpcClient(preload: PreloadApi): RendererApi {
  return {
    transport: 'ipc',
    hasToken: true,
    async call<K extends MethodName>(method: K, input: InputOf<K>): Promise<Result<OutputOf<K>>> {
      const fn = preload.methods[method] as ((input: InputOf<K>) => Promise<Result<OutputOf<K>>>) | undefined;
      if (typeof fn !== 'function') return fail('UNKNOWN_METHOD', `Unknown method: ${method}`);
      try {
        return await fn(input);
      } catch (error) {
        return fail('INTERNAL', error instanceof Error ? error.message : String(error));
      }
    },
    onEvent: (listener) => preload.onEvent(listener),
  };
}
