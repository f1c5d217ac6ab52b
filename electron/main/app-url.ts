// runtime: electron-main
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Where the window's page comes from: the built renderer as a file (renderer/dist/index.html)
 * or, while developing, a Vite dev server on loopback (AMOSWEEP_DEV_SERVER_URL).
 * Only that page may talk to main (ipc.ts) and the window never navigates anywhere else.
 */
export interface AppPage {
  /** the URL the window loads */
  url: string;
  /** true for the page itself (any hash or query), false for everything else */
  isAppUrl(url: string): boolean;
}

export function filePage(indexHtml: string): AppPage {
  const entry = pathToFileURL(path.resolve(indexHtml));
  return {
    url: entry.href,
    isAppUrl(candidate) {
      let parsed: URL;
      try {
        parsed = new URL(candidate);
      } catch {
        return false;
      }
      return parsed.protocol === 'file:' && parsed.host === entry.host && parsed.pathname === entry.pathname;
    },
  };
}

export function devServerPage(devUrl: string): AppPage {
  const base = new URL(devUrl);
  if (base.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) {
    throw new Error(`The dev server must be http on loopback, got ${devUrl}`);
  }
  return {
    url: base.href,
    isAppUrl(candidate) {
      try {
        return new URL(candidate).origin === base.origin;
      } catch {
        return false;
      }
    },
  };
}

/** The packaged/built layout: dist/electron/main.cjs next to renderer/dist/index.html. */
export function resolveAppPage(mainDir: string, env: NodeJS.ProcessEnv = process.env): AppPage {
  const dev = env.AMOSWEEP_DEV_SERVER_URL;
  if (dev) return devServerPage(dev);
  return filePage(path.join(mainDir, '..', '..', 'renderer', 'dist', 'index.html'));
}
