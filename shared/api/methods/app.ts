// runtime: common (no node, no DOM, no electron)
import { z } from 'zod';
import { method } from '../define';
import type { JobState } from '../jobs';

export type Transport = 'electron' | 'web' | 'cli';

export interface AppInfo {
  name: 'AmoSweep';
  version: string;
  transport: Transport;
  platform: string;
  /** Folder where snapshot files are kept by default. */
  dataDir: string;
}

export const appMethods = {
  'app.info': method<AppInfo>()(z.object({}).strict()),
  /** Opens an http(s) URL in the system browser (Electron); the web host answers {opened:false}. */
  'app.openExternal': method<{ opened: boolean }>()(z.object({ url: z.string().url().max(2048) }).strict()),
  /** A renderer error for the app's log (redacted there; the renderer never writes files). */
  'app.logError': method<{ logged: boolean }>()(
    z
      .object({
        message: z.string().max(4000),
        stack: z.string().max(16000).optional(),
        source: z.enum(['boundary', 'window', 'promise']),
      })
      .strict(),
  ),
  /** Versions, OS, the last 200 log lines and the open snapshot's metadata, without tokens or personal data. */
  'app.diagnostics': method<{ text: string }>()(z.object({}).strict()),
  'jobs.list': method<JobState[]>()(z.object({}).strict()),
  'jobs.cancel': method<JobState>()(z.object({ jobId: z.string().min(1).max(64) }).strict()),
  'jobs.pause': method<JobState>()(z.object({ jobId: z.string().min(1).max(64) }).strict()),
  'jobs.resume': method<JobState>()(z.object({ jobId: z.string().min(1).max(64) }).strict()),
};
