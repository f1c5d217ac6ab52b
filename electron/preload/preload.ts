// runtime: electron-preload
/**
 * The sandboxed preload: exposes window.amosweep = {methods, onEvent}, one named function
 * per contract method, each a single ipcRenderer.invoke on that method's channel.
 * ipcRenderer itself never reaches the page. Built into dist/electron/preload.cjs.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRenderer, type IpcRendererEvent, type WebUtils } from 'electron';
import { IPC_EVENT_CHANNEL, METHOD_NAMES, ipcChannel, type PreloadApi } from '../../shared/api/contract';
import type { ApiEvent, ApiEventListener } from '../../shared/api/jobs';

type IpcLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

/**
 * `pathForFile(file)`: the path of a File dropped on the window (webUtils.getPathForFile; since
 * Electron 32 File.path is gone). Only a real File is accepted; anything else gives ''.
 */
export function buildPreloadApi(ipc: IpcLike, utils?: Pick<WebUtils, 'getPathForFile'>): PreloadApi {
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
  const pathForFile = (file: unknown): string => {
    if (!utils || typeof File === 'undefined' || !(file instanceof File)) return '';
    try {
      return utils.getPathForFile(file);
    } catch {
      return '';
    }
  };
  return Object.freeze({ methods: Object.freeze(methods) as PreloadApi['methods'], onEvent, pathForFile });
}

contextBridge.exposeInMainWorld('amosweep', buildPreloadApi(ipcRenderer, webUtils));
