// runtime: electron-main
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import type { AppPage } from './app-url';

/** The main window's options: every renderer protection on, nothing of Node in the page. */
export function createWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'AmoSweep',
    backgroundColor: '#1b1d22',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: true,
    },
  };
}

export interface GuardDeps {
  page: Pick<AppPage, 'isAppUrl'>;
  openExternal: (url: string) => Promise<boolean>;
}

/** will-navigate / will-redirect: stay on the app's own page, deny everything else. */
export function navigationGuard(deps: GuardDeps) {
  return (event: { preventDefault(): void }, url: string): void => {
    if (!deps.page.isAppUrl(url)) event.preventDefault();
  };
}

/** window.open and target=_blank: never a new window; http(s) links go to the system browser. */
export function windowOpenHandler(deps: GuardDeps) {
  return ({ url }: { url: string }): { action: 'deny' } => {
    void deps.openExternal(url);
    return { action: 'deny' };
  };
}

/** Attaches every guard to a WebContents (called for each one the app creates). */
export function guardWebContents(contents: WebContents, deps: GuardDeps): void {
  const guard = navigationGuard(deps);
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-frame-navigate', (event) => {
    if (!deps.page.isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(windowOpenHandler(deps));
}
