// runtime: browser
import type { PreloadApi } from '../../../shared/api/contract';
import { createHttpClient } from './http-client';
import { createIpcClient } from './ipc-client';
import { takeBridgeToken } from './token';
import type { RendererApi } from './types';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    amosweep?: PreloadApi;
  }
}

/** Electron when the preload is there, otherwise the local HTTP bridge. */
export function createApiClient(win: Window = window): RendererApi {
  if (win.amosweep && typeof win.amosweep === 'object' && win.amosweep.methods) {
    return createIpcClient(win.amosweep);
  }
  const token = takeBridgeToken({ location: win.location, history: win.history, storage: sessionStorageOf(win) });
  return createHttpClient({ token });
}

function sessionStorageOf(win: Window): Storage | null {
  try {
    return win.sessionStorage;
  } catch {
    return null; // storage disabled (e.g. some privacy settings)
  }
}
