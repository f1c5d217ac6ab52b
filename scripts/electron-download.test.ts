// runtime: node
/** `npm start` without an Electron binary: one clear line instead of install.js's raw stack, and a command that exists. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import * as download from './electron-download.mjs';

const { downloadElectron, noElectronMessage, summarizeInstallError, RETRY_COMMAND } = download as {
  downloadElectron: (o: { root: string; installScript: string }) => { ok: boolean; reason?: string };
  noElectronMessage: (detail: string) => string;
  summarizeInstallError: (output: string) => string;
  RETRY_COMMAND: string;
};

const UNDICI = `TypeError: fetch failed
    at node:internal/deps/undici/undici:13502:13
    at async downloadArtifact (/x/node_modules/@electron/get/dist/cjs/index.js:1:1) {
  [cause]: Error: getaddrinfo ENOTFOUND github.com
      at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:120:26) {
    errno: -3008,
    code: 'ENOTFOUND',
    syscall: 'getaddrinfo',
    hostname: 'github.com'
  }
}`;

describe('the Electron download of npm start', () => {
  it('summarizes a fetch failure in one line that names the host', () => {
    expect(summarizeInstallError(UNDICI)).toBe('fetch failed (ENOTFOUND github.com)');
    expect(summarizeInstallError('RequestError: getaddrinfo EAI_AGAIN objects.githubusercontent.com\n    at x')).toBe(
      'getaddrinfo EAI_AGAIN objects.githubusercontent.com',
    );
  });

  it('points to a retry command that exists in this tree, never `npx install-electron`', () => {
    const message = noElectronMessage('the Electron download failed: fetch failed (ENOTFOUND github.com).');
    expect(message).not.toContain('install-electron');
    expect(message).toContain(RETRY_COMMAND);
    const script = RETRY_COMMAND.replace(/^node /, '');
    expect(fs.existsSync(path.resolve(__dirname, '..', script))).toBe(true);
  });

  it('keeps the install script stack off the terminal and answers its cause', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-electron-dl-'));
    try {
      const installScript = path.join(dir, 'install.js');
      fs.writeFileSync(installScript, `console.error(${JSON.stringify(UNDICI)}); process.exit(1);\n`);
      const result = downloadElectron({ root: dir, installScript });
      expect(result).toEqual({ ok: false, reason: 'fetch failed (ENOTFOUND github.com)' });
      fs.writeFileSync(installScript, 'process.exit(0);\n');
      expect(downloadElectron({ root: dir, installScript })).toEqual({ ok: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
