// runtime: common (no node, no DOM, no electron)
import { z } from 'zod';
import { method } from '../define';
import type { SnapshotInfo } from './snapshot';

/** One entry of the recent-files list (kept in the user's state folder, not in a snapshot). */
export interface RecentFile {
  file: string;
  accountName: string | null;
  subdomain: string | null;
  /** when the snapshot was taken (finished), ms */
  takenAt: number | null;
  /** when the user last opened it, ms */
  openedAt: number;
  /** false when the file is gone (moved or deleted) */
  exists: boolean;
}

export interface PickFileResult {
  /** false in the browser build: it has no file dialog, the UI shows a path field instead */
  supported: boolean;
  /** the chosen path, or null when the user cancelled */
  file: string | null;
}

export interface UploadResult {
  uploadId: string;
  /** bytes received so far */
  received: number;
  /** set when done: the received file (in <data>/received/, opened read-only) */
  file?: string;
}

/** Where tokens are kept (never their values). */
export interface SecretsStatus {
  /** os: the OS keychain; basic_text: Linux without a keyring; none: no encryption; memory: kept in memory only (web, CLI) */
  encryption: 'os' | 'basic_text' | 'none' | 'memory';
  persistent: boolean;
  /** the user allowed keeping tokens without the keychain (basic_text only) */
  plainTextAllowed: boolean;
}

/** 512 KiB of file per upload call: a call stays under the bridge's 1 MB body limit in base64. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;

export const filesMethods = {
  /** The open/save dialog of the desktop app; the browser build answers {supported: false}. */
  'app.pickFile': method<PickFileResult>()(
    z
      .object({
        purpose: z.enum(['open', 'save']),
        /** the suggested file name for "save" */
        defaultName: z.string().min(1).max(255).optional(),
      })
      .strict(),
  ),
  'files.recent': method<RecentFile[]>()(z.object({}).strict()),
  'files.forgetRecent': method<{ forgotten: boolean }>()(z.object({ file: z.string().min(1).max(4096) }).strict()),
  /**
   * A file dropped on the browser build has no path: its bytes come in chunks (in order) and
   * are stored in <data>/received/; the last chunk (done) checks it is a snapshot.
   */
  'files.upload': method<UploadResult>()(
    z
      .object({
        uploadId: z.string().regex(/^[a-f0-9-]{8,64}$/).optional(),
        name: z.string().min(1).max(255),
        offset: z.number().int().min(0),
        /** base64 of at most UPLOAD_CHUNK_BYTES */
        data: z.string().max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4 + 4),
        done: z.boolean(),
      })
      .strict(),
  ),
  'secrets.status': method<SecretsStatus>()(z.object({}).strict()),
  /**
   * Linux without a keyring: the user's explicit opt-in to keep tokens with a fixed key
   * (as good as clear text); false withdraws it and deletes the tokens kept that way.
   */
  'secrets.allowPlainText': method<SecretsStatus>()(z.object({ allow: z.boolean() }).strict()),
  /** Copies the open (read-only) snapshot into the data folder as the user's working copy and opens it. */
  'snapshot.workingCopy': method<SnapshotInfo>()(z.object({ name: z.string().min(1).max(255).optional() }).strict()),
};
