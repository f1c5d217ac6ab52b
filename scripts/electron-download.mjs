// runtime: node
// The first-use download of the Electron binary for `npm start`, with a short, true message
// when it fails: electron's install.js prints a raw stack ("TypeError: fetch failed ...")
// that says nothing to a person, so its output is kept and only its cause is shown.
import { spawnSync } from 'node:child_process';

/** The command that downloads the Electron binary again (electron's own postinstall script). */
export const RETRY_COMMAND = 'node node_modules/electron/install.js';

/** The one line of a Node error stack that names the failure, e.g. "fetch failed (ENOTFOUND github.com)". */
export function summarizeInstallError(output) {
  const text = String(output);
  const head = text.match(/^\s*(?:[A-Za-z]*Error):\s*(.+)$/m)?.[1]?.trim() ?? '';
  const code = text.match(/\b(E[A-Z]{2,}(?:_[A-Z]+)*)\b/)?.[1];
  const host = text.match(/getaddrinfo E[A-Z]+ ([^\s'"]+)/)?.[1] ?? text.match(/hostname:\s*'([^']+)'/)?.[1];
  const extra = [code && !head.includes(code) ? code : null, host && !head.includes(host) ? host : null].filter(Boolean).join(' ');
  return `${head || 'the download failed'}${extra ? ` (${extra})` : ''}`;
}

export function noElectronMessage(detail) {
  return [
    '',
    `AmoSweep cannot start the desktop app: ${detail}`,
    'The Electron binary is downloaded on first use; this machine could not get it (offline, or a proxy blocks it).',
    'You can use AmoSweep in your browser instead:',
    '',
    '    npm run web',
    '',
    `or download Electron again later with: ${RETRY_COMMAND}`,
    '(behind a proxy or a mirror, set ELECTRON_MIRROR or HTTPS_PROXY first)',
    '',
  ].join('\n');
}

/** Runs the install script quietly; answers {ok: true} or {ok: false, reason} with a one-line reason. */
export function downloadElectron({ root, installScript }) {
  const result = spawnSync(process.execPath, [installScript], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status === 0) return { ok: true };
  return { ok: false, reason: summarizeInstallError(`${result.stderr ?? ''}\n${result.stdout ?? ''}`) };
}
