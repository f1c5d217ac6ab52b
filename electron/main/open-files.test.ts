// runtime: electron-main
/**
 * The file association and the dialogs of Electron main, without Electron: argv parsing,
 * the open queue (files that arrive before the services), the dialog answers, and the
 * preload's pathForFile (webUtils.getPathForFile).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildPreloadApi } from '../preload/preload';
import { createPickFile } from './file-dialog';
import { OpenFileQueue, snapshotFilesFromArgv } from './open-files';

vi.mock('electron', () => ({ contextBridge: { exposeInMainWorld: vi.fn() }, ipcRenderer: {}, webUtils: {} }));

describe('snapshotFilesFromArgv', () => {
  it('takes existing .amosweep files, relative to the working folder, and skips flags and the app itself', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-argv-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.amosweep'), '');
      fs.writeFileSync(path.join(dir, 'B.AMOSWEEP'), '');
      const argv = ['/opt/AmoSweep/amosweep', '--no-sandbox', 'a.amosweep', path.join(dir, 'B.AMOSWEEP'), 'missing.amosweep', 'notes.txt', '--flag=x.amosweep'];
      expect(snapshotFilesFromArgv(argv, dir)).toEqual([path.join(dir, 'a.amosweep'), path.join(dir, 'B.AMOSWEEP')]);
      expect(snapshotFilesFromArgv([path.join(dir, 'a.amosweep')], dir)).toEqual([]); // argv[0] is the executable
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('OpenFileQueue', () => {
  it('holds files until the services are ready, then opens the last; later files open at once', async () => {
    const queue = new OpenFileQueue();
    const opened: string[] = [];
    queue.push('/a.amosweep');
    queue.push('/b.amosweep');
    expect(opened).toEqual([]);
    queue.ready(async (file) => void opened.push(file));
    expect(opened).toEqual(['/b.amosweep']);
    queue.push('/c.amosweep');
    expect(opened).toEqual(['/b.amosweep', '/c.amosweep']);
  });
});

describe('createPickFile', () => {
  const window = {} as never;
  it('opens one .amosweep file, modal to the window; a cancel gives null', async () => {
    const dialog = {
      showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/x/a.amosweep'] })),
      showSaveDialog: vi.fn(),
    };
    const pick = createPickFile(dialog as never, () => window);
    expect(await pick({ purpose: 'open', defaultDir: '/data' })).toEqual({ supported: true, file: '/x/a.amosweep' });
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(window, expect.objectContaining({ defaultPath: '/data', properties: ['openFile'], filters: [{ name: 'AmoSweep snapshot', extensions: ['amosweep'] }] }));
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await pick({ purpose: 'open', defaultDir: '/data' })).toEqual({ supported: true, file: null });
  });

  it('saves with the suggested name in the data folder and adds the extension', async () => {
    const dialog = { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: '/x/mine' })) };
    const pick = createPickFile(dialog as never, () => null);
    expect(await pick({ purpose: 'save', defaultDir: '/data', defaultName: 'acme.amosweep' })).toEqual({ supported: true, file: '/x/mine.amosweep' });
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: path.join('/data', 'acme.amosweep') }));
  });
});

describe('preload pathForFile', () => {
  it('gives the path of a dropped File through webUtils, and "" for anything else', () => {
    const getPathForFile = vi.fn(() => '/home/u/a.amosweep');
    const api = buildPreloadApi({ invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() } as never, { getPathForFile });
    expect(api.pathForFile?.(new File(['x'], 'a.amosweep'))).toBe('/home/u/a.amosweep');
    expect(api.pathForFile?.({ name: 'fake' })).toBe('');
    expect(api.pathForFile?.('/etc/passwd')).toBe('');
    expect(getPathForFile).toHaveBeenCalledTimes(1);
  });
});
