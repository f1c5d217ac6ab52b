// runtime: node
/**
 * Files: the native dialog (Electron), the recent-files list, files received from the
 * browser build (a dropped file has no path there, so its bytes are uploaded into
 * <data>/received/ and open read-only), and "Make a working copy" of a read-only file.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { HandlersFor } from '../../../shared/api/dispatch';
import { UPLOAD_CHUNK_BYTES, type filesMethods } from '../../../shared/api/methods/files';
import type { SnapshotInfo } from '../../../shared/api/methods/snapshot';
import { AppError } from '../../../shared/api/result';
import { closeSnapshotDb, openSnapshotDb } from '../db/open';
import { RECEIVED_DIR } from '../files/ownership';
import { readSnapshotMeta } from '../snapshot/runner';
import type { ServiceDeps } from './deps';
import { SNAPSHOT_EXT, snapshotInfo } from './snapshot-handlers';

/** A name safe for the data folder: the base name, no separators or control characters, ending .amosweep. */
export function safeSnapshotName(name: string): string {
  const base = [...path.basename(name.replace(/\\/g, '/'))]
    .map((ch) => (ch.charCodeAt(0) < 32 || '<>:"/\\|?*'.includes(ch) ? '_' : ch))
    .join('')
    .trim();
  const stem = base.toLowerCase().endsWith(SNAPSHOT_EXT) ? base.slice(0, -SNAPSHOT_EXT.length) : base;
  return `${stem.replace(/^\.+/, '') || 'snapshot'}${SNAPSHOT_EXT}`;
}

/** `dir/name`, or `dir/stem (2).amosweep` ... when it exists. */
export function uniquePath(dir: string, name: string): string {
  const stem = name.slice(0, -SNAPSHOT_EXT.length);
  let candidate = path.join(dir, name);
  for (let i = 2; fs.existsSync(candidate); i++) candidate = path.join(dir, `${stem} (${i})${SNAPSHOT_EXT}`);
  return candidate;
}

/** Records an opened snapshot in the recent-files list. */
export function rememberRecent(deps: ServiceDeps, info: SnapshotInfo): void {
  try {
    deps.recentFiles.add({ file: info.file, accountName: info.accountName, subdomain: info.subdomain, takenAt: info.finishedAt });
  } catch (error) {
    deps.log.warn('cannot update the recent-files list', error);
  }
}

interface Upload {
  part: string;
  name: string;
  received: number;
  touched: number;
}

export function createFilesHandlers(deps: ServiceDeps): HandlersFor<typeof filesMethods> {
  const uploads = new Map<string, Upload>();
  const binding = deps.nativeBinding ? { nativeBinding: deps.nativeBinding } : {};

  const dropStale = () => {
    const now = Date.now();
    for (const [id, u] of uploads) {
      if (now - u.touched > 10 * 60_000) {
        fs.rmSync(u.part, { force: true });
        uploads.delete(id);
      }
    }
  };

  return {
    'app.pickFile': async ({ purpose, defaultName }) => {
      if (!deps.pickFile) return { supported: false, file: null };
      return deps.pickFile({ purpose, defaultDir: deps.dataDir, ...(defaultName ? { defaultName: safeSnapshotName(defaultName) } : {}) });
    },

    'secrets.status': () => deps.secrets.status?.() ?? { encryption: 'memory', persistent: false, plainTextAllowed: false },
    'secrets.allowPlainText': async ({ allow }) => {
      if (!deps.secrets.allowPlainText) throw new AppError('BAD_INPUT', 'This host keeps tokens in memory only: there is nothing to allow.');
      const status = await deps.secrets.allowPlainText(allow);
      deps.log.warn(allow ? 'the user allowed storing tokens without the system keychain' : 'the user withdrew storing tokens without the system keychain');
      return status;
    },
    'files.recent': () => deps.recentFiles.list(),
    'files.forgetRecent': ({ file }) => ({ forgotten: deps.recentFiles.forget(file) }),

    'files.upload': ({ uploadId, name, offset, data, done }) => {
      dropStale();
      const bytes = Buffer.from(data, 'base64');
      if (bytes.length > UPLOAD_CHUNK_BYTES) throw new AppError('BAD_INPUT', `An upload chunk is at most ${UPLOAD_CHUNK_BYTES} bytes.`);
      const dir = path.join(deps.dataDir, RECEIVED_DIR);
      let upload: Upload;
      let id = uploadId;
      if (!id) {
        if (offset !== 0) throw new AppError('BAD_INPUT', 'An upload starts at offset 0.');
        id = randomUUID();
        fs.mkdirSync(dir, { recursive: true });
        upload = { part: path.join(dir, `.${id}.part`), name: safeSnapshotName(name), received: 0, touched: Date.now() };
        fs.writeFileSync(upload.part, '');
        uploads.set(id, upload);
      } else {
        const found = uploads.get(id);
        if (!found) throw new AppError('NOT_FOUND', 'No such upload (it expired or finished): drop the file again.');
        upload = found;
      }
      if (offset !== upload.received) throw new AppError('CONFLICT', `The upload expected offset ${upload.received}, not ${offset}.`);
      fs.appendFileSync(upload.part, bytes);
      upload.received += bytes.length;
      upload.touched = Date.now();
      if (!done) return { uploadId: id, received: upload.received };

      uploads.delete(id);
      // a snapshot or nothing: a file that does not open as one is removed, never kept half-way
      try {
        closeSnapshotDb(openSnapshotDb(upload.part, { mode: 'readonly', ...binding }));
      } catch (error) {
        fs.rmSync(upload.part, { force: true });
        throw error;
      }
      const target = uniquePath(dir, upload.name);
      fs.renameSync(upload.part, target);
      deps.log.info(`received a dropped snapshot file (${upload.received} bytes) into ${RECEIVED_DIR}/`);
      return { uploadId: id, received: upload.received, file: target };
    },

    'snapshot.workingCopy': async ({ name }) => {
      const snap = deps.session.require();
      const meta = readSnapshotMeta(snap.db);
      fs.mkdirSync(deps.dataDir, { recursive: true });
      const base = safeSnapshotName(name ?? `${path.basename(snap.file, SNAPSHOT_EXT)}-working-copy`);
      const target = uniquePath(deps.dataDir, base);
      const part = `${target}.${process.pid}.part`;
      try {
        // SQLite's online backup: a consistent copy even of a read-only connection
        await snap.db.backup(part);
        fs.renameSync(part, target);
      } catch (error) {
        fs.rmSync(part, { force: true });
        throw new AppError('INTERNAL', `Cannot make a working copy in ${deps.dataDir}: ${error instanceof Error ? error.message : String(error)}`);
      }
      deps.ownership.markOwn(target);
      deps.log.info(`made a working copy of a read-only snapshot (${meta.complete ? 'complete' : 'incomplete'})`);
      const opened = deps.session.open(target, { readOnly: true });
      const info = { ...snapshotInfo(opened.db, opened.file), locked: false };
      rememberRecent(deps, info);
      return info;
    },
  };
}
