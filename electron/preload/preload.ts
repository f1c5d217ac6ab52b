// runtime: electron-preload
/**
 * The sandboxed preload: exposes window.amosweep = {methods, onEvent}, one named function
 * per contract method, each a single ipcRenderer.invoke on that method's channel.
 * ipcRenderer itself never reaches the page. Built into dist/electron/preload.cjs.
 */
import { contextBridge, ipcRenderer, type IpcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, METHOD_NAMES, ipcChannel, type PreloadApi } from '../../shared/api/contract';
import type { ApiEvent, ApiEventListener } from '../../shared/api/jobs';

type IpcLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function buildPreloadApi(ipc: IpcLike): PreloadApi {
  const methods: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of METHOD_NAMES) {
    const channel = ipcChannel(name);
    methods[name] = (input: unknown) => ipc.invoke(channel, input ?? {});
  }
  const onEvent = (listener: ApiEventListener): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
    // the page gets the event only, never the IpcRendererEvent (it holds the sender)
    const wrapped = (_event: IpcRendererEvent, payload: ApiEvent) => listener(payload);
    ipc.on(IPC_EVENT_CHANNEL, wrapped);
    return () => {
      ipc.removeListener(IPC_EVENT_CHANNEL, wrapped);
    };
  };
  return Object.freeze({ methods: Object.freeze(methods) as PreloadApi['methods'], onEvent });
}

contextBridge.exposeInMainWorld('amosweep', buildPreloadApi(ipcRenderer));
