// runtime: electron-main
/**
 * The .amosweep file association (build/electron-builder.yml): a snapshot file reaches the
 * app as a command-line argument (Windows, Linux; the first instance's argv or a second
 * instance's, forwarded by 'second-instance') or as macOS's 'open-file' event, which can
 * fire before the app is ready. Files wait in a queue until the services are up, and open
 * through snapshot.open (read-only unless it is the user's own working copy).
 */
import fs from 'node:fs';
import path from 'node:path';

/** The snapshot files named on a command line (flags and the app's own entry point skipped). */
export function snapshotFilesFromArgv(argv: readonly string[], cwd: string = process.cwd()): string[] {
  const out: string[] = [];
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-') || !arg.toLowerCase().endsWith('.amosweep')) continue;
    const file = path.resolve(cwd, arg);
    try {
      if (fs.statSync(file).isFile()) out.push(file);
    } catch {
      // not there: ignore it (the app starts without opening anything)
    }
  }
  return out;
}

export class OpenFileQueue {
  private pending: string[] = [];
  private opener: ((file: string) => Promise<void>) | null = null;

  /** A file to open now, or as soon as the services are ready. */
  push(file: string): void {
    if (this.opener) void this.opener(file);
    else this.pending.push(file);
  }

  /** The services are up: opens what waited (the last file wins, as each open replaces the previous). */
  ready(opener: (file: string) => Promise<void>): void {
    this.opener = opener;
    const last = this.pending.at(-1);
    this.pending = [];
    if (last) void opener(last);
  }
}
