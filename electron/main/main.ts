// runtime: electron-main
/**
 * Electron's main process: one instance, one sandboxed window showing the built renderer,
 * the service API over IPC (ipc.ts), tokens in the OS keychain (safe-storage-secret-store.ts).
 * Built by scripts/build-electron.mjs into dist/electron/main.cjs.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import log from 'electron-log/main';
import { dispatch } from '../../shared/api/dispatch';
import { createServices } from '../services/api/create-services';
import { fromElectronLog, LOG_MAX_BYTES } from '../services/log/logger';
import { stopDemoServer } from '../services/connections/demo';
import { CONTENT_SECURITY_POLICY } from '../web/security';
import { resolveAppPage } from './app-url';
import { createPickFile } from './file-dialog';
import { registerIpc } from './ipc';
import { OpenFileQueue, snapshotFilesFromArgv } from './open-files';
import { safeOpenExternal } from './open-external';
import { printHtmlToPdf } from './print-to-pdf';
import { SafeStorageSecretStore } from './safe-storage-secret-store';
import { createWindowOptions, guardWebContents } from './window';

// the log file in userData/logs/main.log, rotated into main.old.log at 5 MB (electron-log)
log.transports.file.level = 'info';
log.transports.file.maxSize = LOG_MAX_BYTES;
log.transports.console.level = process.env.AMOSWEEP_DEBUG ? 'debug' : 'warn';
Object.assign(console, log.functions);

if (process.env.AMOSWEEP_USER_DATA_DIR) app.setPath('userData', path.resolve(process.env.AMOSWEEP_USER_DATA_DIR));

const page = resolveAppPage(__dirname);
const preloadPath = path.join(__dirname, 'preload.cjs');
let mainWindow: BrowserWindow | null = null;
/** .amosweep files given by the OS (file association) before and after the services are ready */
const openQueue = new OpenFileQueue();
for (const file of snapshotFilesFromArgv(process.argv)) openQueue.push(file);

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(createWindowOptions(preloadPath));
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(page.url).catch((error: unknown) => log.error('cannot load the app page', error));
  return window;
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function start(): Promise<void> {
  // every response the window loads gets the same CSP as the web bridge
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const nativeBinding = process.env.AMOSWEEP_NATIVE_BINDING;
  const { deps, handlers } = createServices({
    transport: 'electron',
    log: fromElectronLog(log),
    secrets: new SafeStorageSecretStore(path.join(app.getPath('userData'), 'secrets.json')),
    openExternal: safeOpenExternal,
    printToPdf: printHtmlToPdf,
    stateDir: app.getPath('userData'),
    pickFile: createPickFile(dialog, () => mainWindow),
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  const unregister = registerIpc(ipcMain, deps.events, {
    handlers,
    getWindow: () => mainWindow,
    isAppUrl: (url) => page.isAppUrl(url),
  });

  let stopping = false;
  app.on('before-quit', (event) => {
    if (stopping) return;
    stopping = true;
    event.preventDefault();
    void (async () => {
      try {
        await deps.jobs.shutdown();
        deps.session.close();
        await stopDemoServer();
      } catch (error) {
        log.error('shutdown failed', error);
      } finally {
        unregister();
        app.quit();
      }
    })();
  });

  mainWindow = createMainWindow();
  log.info(`AmoSweep ${deps.appVersion} started (data: ${deps.dataDir})`);
  openQueue.ready(async (file) => {
    // read-only unless it is the user's own working copy; the window follows 'snapshot.changed'
    const result = await dispatch(handlers, 'snapshot.open', { file }, { transport: 'electron' });
    if (!result.ok) log.warn(`cannot open ${file}: [${result.error.code}] ${result.error.message}`);
    focusMainWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  app.on('second-instance', (_event, argv, workingDirectory) => {
    for (const file of snapshotFilesFromArgv(argv, workingDirectory)) openQueue.push(file);
    focusMainWindow();
  });
  // macOS: a double-clicked or dropped-on-the-Dock file, possibly before 'ready'
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openQueue.push(file);
  });
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, { page, openExternal: safeOpenExternal });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log.error('AmoSweep failed to start', error);
      app.exit(1);
    });
}
