// runtime: node
import os from 'node:os';
import path from 'node:path';
import type { Transport } from '../../../shared/api/methods/app';
import { APP_VERSION } from '../app-version';
import { EventBus } from '../events/event-bus';
import { Ownership } from '../files/ownership';
import { NoRecentFiles, RecentFiles } from '../files/recent-files';
import { JobManager } from '../jobs/job-manager';
import { MemoryLog, type AppLog } from '../log/logger';
import { MemorySecretStore, type SecretStore } from '../secrets/secret-store';
import { SnapshotSession } from '../session/snapshot-session';
import type { ServiceDeps } from './deps';
import { createHandlers } from './handlers';

export interface CreateServicesOptions {
  transport: Transport;
  dataDir?: string;
  secrets?: SecretStore;
  openExternal?: (url: string) => Promise<boolean>;
  /** Electron main renders HTML reports to PDF; other hosts have no PDF printer. */
  printToPdf?: (html: string) => Promise<Uint8Array>;
  nativeBinding?: string;
  /** the user's state folder (recent files, own files); default <dataDir>/.amosweep-state */
  stateDir?: string;
  /** Electron main's native file dialog */
  pickFile?: ServiceDeps['pickFile'];
  /** the host's log; default: lines kept in memory */
  log?: AppLog;
  /** false: the host keeps no recent-files list (the CLI); default true */
  rememberFiles?: boolean;
}

export const defaultDataDir = (): string =>
  process.env.AMOSWEEP_DATA_DIR ?? path.join(os.homedir(), 'AmoSweep');

/** Builds the services and the handler table for one host process. */
export function createServices(options: CreateServicesOptions) {
  const events = new EventBus();
  const dataDir = options.dataDir ?? defaultDataDir();
  const stateDir = options.stateDir ?? path.join(dataDir, '.amosweep-state');
  const deps: ServiceDeps = {
    appVersion: APP_VERSION,
    transport: options.transport,
    platform: process.platform,
    dataDir,
    stateDir,
    recentFiles: options.rememberFiles === false ? new NoRecentFiles(stateDir) : new RecentFiles(stateDir),
    ownership: new Ownership(dataDir, stateDir),
    secrets: options.secrets ?? new MemorySecretStore(),
    events,
    log: options.log ?? new MemoryLog(),
    jobs: new JobManager(events),
    session: new SnapshotSession(events, options.nativeBinding, options.transport === 'electron' ? 'AmoSweep desktop app' : 'AmoSweep web app'),
    openExternal: options.openExternal ?? (async () => false),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.printToPdf ? { printToPdf: options.printToPdf } : {}),
    ...(options.pickFile ? { pickFile: options.pickFile } : {}),
  };
  return { deps, handlers: createHandlers(deps) };
}
