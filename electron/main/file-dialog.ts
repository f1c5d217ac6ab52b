// runtime: electron-main
import path from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import type { PickFileResult } from '../../shared/api/methods/files';

export const SNAPSHOT_FILTERS = [{ name: 'AmoSweep snapshot', extensions: ['amosweep'] }];

type DialogLike = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;

/** app.pickFile in Electron: the native open/save dialog, modal to the app's window. */
export function createPickFile(dialog: DialogLike, getWindow: () => BrowserWindow | null) {
  return async (request: { purpose: 'open' | 'save'; defaultName?: string; defaultDir: string }): Promise<PickFileResult> => {
    const window = getWindow();
    if (request.purpose === 'open') {
      const options = { defaultPath: request.defaultDir, filters: SNAPSHOT_FILTERS, properties: ['openFile' as const] };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return { supported: true, file: result.canceled ? null : (result.filePaths[0] ?? null) };
    }
    const options = { defaultPath: path.join(request.defaultDir, request.defaultName ?? 'snapshot.amosweep'), filters: SNAPSHOT_FILTERS };
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) return { supported: true, file: null };
    const file = result.filePath.toLowerCase().endsWith('.amosweep') ? result.filePath : `${result.filePath}.amosweep`;
    return { supported: true, file };
  };
}
