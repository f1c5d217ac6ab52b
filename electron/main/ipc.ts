// runtime: electron-main
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT_CHANNEL, METHOD_NAMES, ipcChannel, type MethodName } from '../../shared/api/contract';
import { dispatch, type Handlers } from '../../shared/api/dispatch';
import { fail, type Result } from '../../shared/api/result';
import type { EventBus } from '../services/events/event-bus';

type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

export interface IpcDeps {
  handlers: Handlers;
  /** the app's main window, or null before it exists / after it closed */
  getWindow: () => BrowserWindow | null;
  /** true for the app's own page URL (file:// of renderer/dist/index.html, or the dev server) */
  isAppUrl: (url: string) => boolean;
}

/** A call is trusted only from the main frame of the main window showing the app's own page. */
export function isTrustedSender(event: SenderEvent, deps: Pick<IpcDeps, 'getWindow' | 'isAppUrl'>): boolean {
  const window = deps.getWindow();
  const frame = event.senderFrame;
  if (!window || window.isDestroyed() || !frame) return false;
  const contents = window.webContents;
  if (event.sender !== contents) return false;
  const main = contents.mainFrame;
  if (frame.parent !== null || frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return deps.isAppUrl(frame.url);
}

/** The one wrapper every method goes through: sender check, then dispatch (zod parse, handler, Result). */
export function createIpcHandler(name: MethodName, deps: IpcDeps) {
  return async (event: SenderEvent, input: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event, deps)) {
      return fail('FORBIDDEN_SENDER', `Refused ${name}: the call did not come from the AmoSweep window.`);
    }
    return dispatch(deps.handlers, name, input, { transport: 'electron' });
  };
}

/** Registers every contract method on ipcMain and forwards service events to the window. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, events: EventBus, deps: IpcDeps): () => void {
  for (const name of METHOD_NAMES) ipcMain.handle(ipcChannel(name), createIpcHandler(name, deps));
  const unsubscribe = events.subscribe((event) => {
    const window = deps.getWindow();
    if (window && !window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, event);
  });
  return () => {
    unsubscribe();
    for (const name of METHOD_NAMES) ipcMain.removeHandler(ipcChannel(name));
  };
}
