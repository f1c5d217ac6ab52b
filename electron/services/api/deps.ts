// runtime: node
import type { Transport } from '../../../shared/api/methods/app';
import type { EventBus } from '../events/event-bus';
import type { PickFileResult } from '../../../shared/api/methods/files';
import type { Ownership } from '../files/ownership';
import type { RecentFiles } from '../files/recent-files';
import type { JobManager } from '../jobs/job-manager';
import type { AppLog } from '../log/logger';
import type { SecretStore } from '../secrets/secret-store';
import type { SnapshotSession } from '../session/snapshot-session';

/** Everything a handler may use. The host (Electron main, web bridge, CLI) builds it and injects it. */
export interface ServiceDeps {
  appVersion: string;
  transport: Transport;
  platform: string;
  /** default folder of snapshot files */
  dataDir: string;
  /** the user's own state (recent files, which files are theirs): Electron's userData, else <data>/.amosweep-state */
  stateDir: string;
  recentFiles: RecentFiles;
  ownership: Ownership;
  /** Electron: the native open/save dialog. Absent elsewhere (the UI shows a path field). */
  pickFile?: (request: { purpose: 'open' | 'save'; defaultName?: string; defaultDir: string }) => Promise<PickFileResult>;
  secrets: SecretStore;
  events: EventBus;
  /** the app's log (Electron: electron-log/main; web: a rotated file; CLI and tests: memory) */
  log: AppLog;
  jobs: JobManager;
  session: SnapshotSession;
  /** Electron: shell.openExternal behind safeOpenExternal. Elsewhere: answers false. */
  openExternal: (url: string) => Promise<boolean>;
  /** Electron: renders a standalone HTML report to PDF (printToPDF). Absent elsewhere. */
  printToPdf?: (html: string) => Promise<Uint8Array>;
  /** path of better-sqlite3 built for Electron's ABI, when running inside Electron */
  nativeBinding?: string;
}
