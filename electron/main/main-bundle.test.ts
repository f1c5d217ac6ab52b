// runtime: electron-main
/**
 * A smoke test of the built main process (dist/electron/main.cjs) without Electron: the
 * bundle runs against a stand-in `electron` module (passed to its require, not vi.mock)
 * and must open one secure window on the built renderer, register every contract method
 * behind the sender check, guard navigation and set the CSP.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, ipcChannel } from '../../shared/api/contract';
import { CONTENT_SECURITY_POLICY } from '../web/security';
import { createWindowOptions } from './window';

type Listener = (...args: unknown[]) => unknown;

function fakeElectron(userData: string) {
  const ipcHandlers = new Map<string, Listener>();
  const appListeners = new Map<string, Listener[]>();
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const windows: FakeWindow[] = [];
  class FakeContents {
    readonly listeners = new Map<string, Listener>();
    readonly mainFrame = { url: '', parent: null, processId: 3, routingId: 1 };
    readonly send = vi.fn();
    readonly setWindowOpenHandler = vi.fn();
    on(event: string, listener: Listener) {
      this.listeners.set(event, listener);
      return this;
    }
  }
  class FakeWindow {
    readonly webContents = new FakeContents();
    readonly loadURL = vi.fn(async (url: string) => {
      this.webContents.mainFrame.url = url;
    });
    constructor(readonly options: unknown) {
      windows.push(this);
    }
    static getAllWindows = () => windows;
    once = vi.fn();
    on = vi.fn();
    show = vi.fn();
    isDestroyed = () => false;
    isMinimized = () => false;
    restore = vi.fn();
    focus = vi.fn();
  }
  const session = {
    defaultSession: { webRequest: { onHeadersReceived: vi.fn() }, setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() },
  };
  const app = {
    name: 'AmoSweep',
    isPackaged: false,
    getName: () => 'AmoSweep',
    getVersion: () => '0.0.0',
    getPath: (name: string) => path.join(userData, name),
    setPath: vi.fn(),
    whenReady: () => ready,
    isReady: () => true,
    requestSingleInstanceLock: () => true,
    enableSandbox: vi.fn(),
    on: (event: string, listener: Listener) => appListeners.set(event, [...(appListeners.get(event) ?? []), listener]),
    once: (event: string, listener: Listener) => appListeners.set(event, [...(appListeners.get(event) ?? []), listener]),
    quit: vi.fn(),
    exit: vi.fn(),
  };
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    session,
    ipcMain: { handle: (channel: string, fn: Listener) => ipcHandlers.set(channel, fn), removeHandler: vi.fn(), on: vi.fn() },
    shell: { openExternal: vi.fn(async () => undefined) },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: vi.fn(), decryptString: vi.fn() },
  };
  return { electron, ipcHandlers, appListeners, windows, session, resolveReady, app };
}

describe('dist/electron/main.cjs', () => {
  it('boots against a stand-in electron: secure window, every method, guards, CSP', async () => {
    // @ts-expect-error -- a plain .mjs build script without type declarations
    const { buildElectron } = (await import('../../scripts/build-electron.mjs')) as { buildElectron: (o?: { outDir?: string }) => Promise<{ main: string; preload: string }> };
    const out = await buildElectron({ outDir: path.resolve(import.meta.dirname, '../../.tmp/main-bundle-test/electron') });
    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-main-'));
    const fake = fakeElectron(userData);
    const realRequire = createRequire(out.main);
    const bundleRequire = (name: string): unknown => (name === 'electron' ? fake.electron : realRequire(name));
    const code = fs.readFileSync(out.main, 'utf8');
    const module = { exports: {} };
    const savedConsole = { ...console };
    try {
      new Function('exports', 'require', 'module', '__filename', '__dirname', code)(module.exports, bundleRequire, module, out.main, path.dirname(out.main));
      expect(fake.electron.app.enableSandbox).toHaveBeenCalled();
      fake.resolveReady();
      await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
    } finally {
      Object.assign(console, savedConsole); // main routes console to electron-log
    }

    const [window] = fake.windows;
    expect(window!.options).toEqual(createWindowOptions(path.join(path.dirname(out.main), 'preload.cjs')));
    const indexUrl = pathToFileURL(path.resolve(path.dirname(out.main), '../../renderer/dist/index.html')).href;
    expect(window!.loadURL).toHaveBeenCalledWith(indexUrl);

    const channels = [...fake.ipcHandlers.keys()].filter((c) => c.startsWith('amosweep:')).sort();
    expect(channels).toEqual(METHOD_NAMES.map(ipcChannel).sort());
    const info = fake.ipcHandlers.get(ipcChannel('app.info'))!;
    const contents = window!.webContents;
    expect(await info({ sender: contents, senderFrame: contents.mainFrame }, {})).toMatchObject({ ok: true, value: { transport: 'electron' } });
    expect(await info({ sender: {}, senderFrame: contents.mainFrame }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });

    // guards go on every WebContents the app creates
    const created = fake.appListeners.get('web-contents-created')!;
    const other = new (fake.electron.BrowserWindow)({}).webContents;
    for (const listener of created) listener({}, other);
    const navigate = { preventDefault: vi.fn() };
    other.listeners.get('will-navigate')!(navigate, 'https://evil.example/');
    expect(navigate.preventDefault).toHaveBeenCalled();
    expect(other.setWindowOpenHandler).toHaveBeenCalled();

    // the CSP header on every response
    const onHeaders = fake.session.defaultSession.webRequest.onHeadersReceived.mock.calls[0]![0] as Listener;
    const callback = vi.fn();
    onHeaders({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: expect.objectContaining({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] }) });
    expect(fake.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();

    // the .amosweep association: a second instance's argv and macOS's open-file open the
    // file, read-only (it is not in the data folder and was not written here)
    const { createTestSnapshot } = await import('../services/audit/testing/test-snapshot');
    const { closeSnapshotDb } = await import('../services/db/open');
    const snap = createTestSnapshot();
    closeSnapshotDb(snap.db);
    const current = fake.ipcHandlers.get(ipcChannel('snapshot.current'))!;
    const sender = { sender: contents, senderFrame: contents.mainFrame };
    for (const listener of fake.appListeners.get('second-instance')!) listener({}, ['/opt/AmoSweep/amosweep', snap.file], '/');
    await vi.waitFor(async () => expect(await current(sender, {})).toMatchObject({ ok: true, value: { file: snap.file, readOnly: true, locked: true } }));
    await fake.ipcHandlers.get(ipcChannel('snapshot.close'))!(sender, {});
    const openFile = { preventDefault: vi.fn() };
    for (const listener of fake.appListeners.get('open-file')!) listener(openFile, snap.file);
    expect(openFile.preventDefault).toHaveBeenCalled();
    await vi.waitFor(async () => expect(await current(sender, {})).toMatchObject({ ok: true, value: { file: snap.file } }));
    await fake.ipcHandlers.get(ipcChannel('snapshot.close'))!(sender, {});
    snap.cleanup();

    fs.rmSync(userData, { recursive: true, force: true });
  });
});
