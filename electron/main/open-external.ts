// runtime: electron-main
import { shell } from 'electron';

const MAX_URL = 2048;

/** Only http: and https: links leave the app, to the system browser; never file:, javascript:, custom schemes. */
export function isSafeExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  // no credentials smuggled in a link
  return parsed.username === '' && parsed.password === '' && parsed.hostname !== '';
}

/** The one way AmoSweep opens a link outside the app. Answers whether it opened it. */
export async function safeOpenExternal(url: string): Promise<boolean> {
  if (!isSafeExternalUrl(url)) return false;
  try {
    await shell.openExternal(url);
    return true;
  } catch {
    return false;
  }
}
