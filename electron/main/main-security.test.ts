// runtime: electron-main
/**
 * Electron main's protections, tested without Electron: only these tests mock the
 * `electron` module.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  shell: { openExternal: vi.fn(async (_url: string) => undefined) },
  safeStorage: {
    isEncryptionAvailable: vi.fn(() => true),
    getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
    encryptString: vi.fn((value: string) => Buffer.from(`enc:${value}`, 'utf8')),
    decryptString: vi.fn((value: Buffer) => value.toString('utf8').replace(/^enc:/, '')),
  },
  contextBridge: { exposeInMainWorld: vi.fn() },
  webUtils: { getPathForFile: vi.fn(() => '/dropped/a.amosweep') },
  ipcRenderer: { invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'x' })), on: vi.fn(), removeListener: vi.fn() },
}));
vi.mock('electron', () => electron);

import { IPC_EVENT_CHANNEL, METHOD_NAMES, ipcChannel } from '../../shared/api/contract';
import { createServices } from '../services/api/create-services';
import { EventBus } from '../services/events/event-bus';
import { devServerPage, filePage, resolveAppPage } from './app-url';
import { createIpcHandler, isTrustedSender, registerIpc } from './ipc';
import { isSafeExternalUrl, safeOpenExternal } from './open-external';
import { SafeStorageSecretStore } from './safe-storage-secret-store';
import { createWindowOptions, guardWebContents, navigationGuard, windowOpenHandler } from './window';

const INDEX = path.resolve('/opt/amosweep/renderer/dist/index.html');
const page = filePage(INDEX);

beforeEach(() => {
  vi.clearAllMocks();
});

describe('window options', () => {
  it('turn every renderer protection on', () => {
    const options = createWindowOptions('/x/preload.cjs');
    expect(options.webPreferences).toMatchObject({
      preload: '/x/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
  });
});

describe('app page', () => {
  it('accepts only the built index.html (with any hash) or the loopback dev server', () => {
    expect(page.isAppUrl(`${page.url}#/audit`)).toBe(true);
    expect(page.isAppUrl(page.url.replace('index.html', 'other.html'))).toBe(false);
    expect(page.isAppUrl('file:///etc/passwd')).toBe(false);
    expect(page.isAppUrl('https://evil.example/index.html')).toBe(false);
    expect(page.isAppUrl('not a url')).toBe(false);
    const dev = devServerPage('http://127.0.0.1:5173/');
    expect(dev.isAppUrl('http://127.0.0.1:5173/#/browse')).toBe(true);
    expect(dev.isAppUrl('http://127.0.0.1:5174/')).toBe(false);
    expect(() => devServerPage('http://evil.example:5173/')).toThrow(/loopback/);
    expect(resolveAppPage('/opt/amosweep/dist/electron', {}).url).toBe(page.url);
  });
});

describe('navigation guards', () => {
  const openExternal = vi.fn(async (_url: string) => true);
  const deps = { page, openExternal };

  it('deny navigation and redirects away from the app page', () => {
    const guard = navigationGuard(deps);
    const away = { preventDefault: vi.fn() };
    guard(away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalledOnce();
    const file = { preventDefault: vi.fn() };
    guard(file, 'file:///etc/passwd');
    expect(file.preventDefault).toHaveBeenCalledOnce();
    const same = { preventDefault: vi.fn() };
    guard(same, `${page.url}#/changes`);
    expect(same.preventDefault).not.toHaveBeenCalled();
  });

  it('deny every new window and hand the link to safeOpenExternal', () => {
    const handler = windowOpenHandler(deps);
    expect(handler({ url: 'https://www.amocrm.ru/' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://www.amocrm.ru/');
    expect(handler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
  });

  it('are attached to every WebContents', () => {
    const on = vi.fn();
    const setWindowOpenHandler = vi.fn();
    guardWebContents({ on, setWindowOpenHandler } as never, deps);
    const events = on.mock.calls.map((c) => c[0] as string);
    expect(events).toEqual(expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']));
    expect(setWindowOpenHandler).toHaveBeenCalledOnce();
    const webview = { preventDefault: vi.fn() };
    (on.mock.calls.find((c) => c[0] === 'will-attach-webview')![1] as (e: unknown) => void)(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });
});

describe('safeOpenExternal', () => {
  it('allows only http: and https:', async () => {
    for (const url of ['https://example.com/', 'http://example.com/a?b=1']) expect(isSafeExternalUrl(url)).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'data:text/html,x', 'mailto:a@b.c', 'https://user:pw@example.com/', '', 'nonsense', `https://x.com/${'a'.repeat(3000)}`, 42]) {
      expect(isSafeExternalUrl(url), String(url)).toBe(false);
    }
    expect(await safeOpenExternal('file:///etc/passwd')).toBe(false);
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    expect(await safeOpenExternal('https://example.com/')).toBe(true);
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://example.com/');
  });
});

function fakeWindow(url: string) {
  const mainFrame = { url, parent: null, processId: 7, routingId: 1 };
  const webContents = { mainFrame, send: vi.fn() };
  return { window: { isDestroyed: () => false, webContents }, mainFrame, webContents };
}

describe('IPC wrapper', () => {
  const { handlers } = createServices({ transport: 'electron', dataDir: os.tmpdir() });

  it('answers for the app window and parses the input', async () => {
    const w = fakeWindow(`${page.url}#/connect`);
    const deps = { handlers, getWindow: () => w.window as never, isAppUrl: page.isAppUrl };
    const handler = createIpcHandler('app.info', deps);
    const event = { sender: w.webContents, senderFrame: w.mainFrame } as never;
    expect(await handler(event, {})).toMatchObject({ ok: true, value: { name: 'AmoSweep', transport: 'electron' } });
    expect(await handler(event, { extra: true })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await createIpcHandler('jobs.cancel', deps)(event, { jobId: 42 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('rejects a foreign sender with FORBIDDEN_SENDER', async () => {
    const w = fakeWindow(page.url);
    const deps = { handlers, getWindow: () => w.window as never, isAppUrl: page.isAppUrl };
    const handler = createIpcHandler('app.info', deps);
    const otherContents = { mainFrame: w.mainFrame };
    const cases = [
      { sender: otherContents, senderFrame: w.mainFrame }, // another WebContents
      { sender: w.webContents, senderFrame: null }, // frame gone
      { sender: w.webContents, senderFrame: { ...w.mainFrame, parent: w.mainFrame, routingId: 2 } }, // an iframe
      { sender: w.webContents, senderFrame: { ...w.mainFrame, url: 'https://evil.example/' } }, // navigated away
    ];
    for (const event of cases) {
      expect(await handler(event as never, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
    expect(isTrustedSender({ sender: w.webContents, senderFrame: w.mainFrame } as never, { getWindow: () => null, isAppUrl: page.isAppUrl })).toBe(false);
  });

  it('registers every contract method on its channel and forwards events', () => {
    const ipcMain = { handle: vi.fn(), removeHandler: vi.fn() };
    const events = new EventBus();
    const w = fakeWindow(page.url);
    const unregister = registerIpc(ipcMain, events, { handlers, getWindow: () => w.window as never, isAppUrl: page.isAppUrl });
    expect(ipcMain.handle.mock.calls.map((c) => c[0] as string).sort()).toEqual(METHOD_NAMES.map(ipcChannel).sort());
    events.emit({ type: 'snapshot.changed', file: null });
    expect(w.webContents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, { type: 'snapshot.changed', file: null });
    unregister();
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(METHOD_NAMES.length);
    events.emit({ type: 'snapshot.changed', file: null });
    expect(w.webContents.send).toHaveBeenCalledTimes(1);
  });

  it('has a handler for every contract method and nothing else', () => {
    expect(Object.keys(handlers).sort()).toEqual([...METHOD_NAMES].sort());
  });
});

describe('preload', () => {
  it('exposes one function per contract method and onEvent, never ipcRenderer', async () => {
    await import('../preload/preload');
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(key).toBe('amosweep');
    expect(Object.keys(api).sort()).toEqual(['methods', 'onEvent', 'pathForFile']);
    expect(Object.values(api)).not.toContain(electron.webUtils);
    const methods = api.methods as Record<string, (input: unknown) => Promise<unknown>>;
    expect(Object.keys(methods).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.values(api)).not.toContain(electron.ipcRenderer);
    await methods['app.info']!({});
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(ipcChannel('app.info'), {});

    const listener = vi.fn();
    const off = (api.onEvent as (l: (e: unknown) => void) => () => void)(listener);
    const [channel, wrapped] = electron.ipcRenderer.on.mock.calls[0] as [string, (e: unknown, p: unknown) => void];
    expect(channel).toBe(IPC_EVENT_CHANNEL);
    wrapped({ sender: 'secret' }, { type: 'snapshot.changed', file: null });
    expect(listener).toHaveBeenCalledWith({ type: 'snapshot.changed', file: null });
    off();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, wrapped);
  });
});

describe('SafeStorageSecretStore', () => {
  const tmpFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-secrets-')), 'secrets.json');

  it('stores values encrypted and reads them back', async () => {
    const file = tmpFile();
    const store = new SafeStorageSecretStore(file, electron.safeStorage, 'linux');
    await store.set('conn:1', 'very-secret-token');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('very-secret-token');
    expect(await store.get('conn:1')).toBe('very-secret-token');
    expect(await new SafeStorageSecretStore(file, electron.safeStorage, 'linux').get('conn:1')).toBe('very-secret-token');
    await store.delete('conn:1');
    expect(await store.get('conn:1')).toBeNull();
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses to store when encryption is unavailable or only basic_text', async () => {
    const file = tmpFile();
    electron.safeStorage.isEncryptionAvailable.mockReturnValueOnce(false);
    await expect(new SafeStorageSecretStore(file, electron.safeStorage, 'darwin').set('k', 'token-value')).rejects.toThrow(/never writes tokens unencrypted/);
    electron.safeStorage.getSelectedStorageBackend.mockReturnValueOnce('basic_text');
    await expect(new SafeStorageSecretStore(file, electron.safeStorage, 'linux').set('k', 'token-value')).rejects.toThrow(/keychain/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('on Linux without a keyring stores a token only after the user opts in, and withdrawing deletes it', async () => {
    const file = tmpFile();
    electron.safeStorage.getSelectedStorageBackend.mockReturnValue('basic_text');
    try {
      const store = new SafeStorageSecretStore(file, electron.safeStorage, 'linux');
      expect(store.status()).toEqual({ encryption: 'basic_text', persistent: true, plainTextAllowed: false });
      const refused = await store.set('k', 'token-value-1').catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'INTERNAL', details: { keyring: 'basic_text' }, message: expect.stringMatching(/unless you allow it/) });
      expect(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '').not.toContain('token-value-1');

      expect(await store.allowPlainText(true)).toMatchObject({ encryption: 'basic_text', plainTextAllowed: true });
      await store.set('k', 'token-value-1');
      expect(await new SafeStorageSecretStore(file, electron.safeStorage, 'linux').get('k')).toBe('token-value-1');
      expect(fs.readFileSync(file, 'utf8')).not.toContain('token-value-1'); // still through safeStorage, never the raw string

      expect(await store.allowPlainText(false)).toMatchObject({ plainTextAllowed: false });
      expect(await store.get('k')).toBeNull();
      await expect(store.set('k', 'token-value-2')).rejects.toThrow(/keychain/);
    } finally {
      electron.safeStorage.getSelectedStorageBackend.mockReturnValue('gnome_libsecret');
    }
  });

  it('with a real keychain needs no opt-in', async () => {
    const store = new SafeStorageSecretStore(tmpFile(), electron.safeStorage, 'linux');
    expect(store.status()).toEqual({ encryption: 'os', persistent: true, plainTextAllowed: false });
    await store.set('k', 'token-value-3');
    expect(await store.get('k')).toBe('token-value-3');
  });
});
