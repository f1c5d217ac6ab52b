// runtime: node
/** Helpers for the CLI tests: a captured CliIo, temporary folders, and polling. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliIo } from '../command';

/** A CliIo that records stdout and stderr; abort the controller to send "Ctrl-C". */
export function captureIo(controller = new AbortController()) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, signal: controller.signal };
  return { io, out, err, controller };
}

/** Makes temporary folders with a prefix; `cleanup()` (in afterEach) removes them all. */
export function tempDirs(prefix: string) {
  const dirs: string[] = [];
  return {
    make(): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    cleanup(): void {
      for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls every 25 ms until `check` holds or `tries` polls have passed. */
export async function until(check: () => boolean, tries = 400): Promise<void> {
  for (let i = 0; i < tries && !check(); i++) await new Promise((r) => setTimeout(r, 25));
}
