// runtime: node
/**
 * One writer per snapshot file, across processes and transports (CLI, web app, Electron).
 *
 * The lock is a small JSON file next to the snapshot (`FILE.lock`) naming its holder: pid,
 * host, command, since when. It is created atomically (a hard link of a fully written
 * temporary file, or O_EXCL where links are not supported), so another process never reads
 * a half-written lock. Readers never take it. A lock whose process is gone (same host, pid
 * not alive, or our own pid without our token: a container that reuses pids) is stale and
 * is taken over under a short takeover mutex, so two processes cannot both take it over.
 * Release removes the lock only if it is still ours; an `exit` hook releases whatever this
 * process still holds (Ctrl-C twice, process.exit).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/api/result';

export interface LockHolder {
  pid: number;
  host: string;
  /** what writes: "amosweep push", "web app: push plan 3" */
  command: string;
  /** ISO time the lock was taken */
  since: string;
  token: string;
}

export interface WriterLock {
  readonly file: string;
  readonly lockFile: string;
  readonly holder: LockHolder;
  /** Idempotent; removes the lock file only if it is still this holder's. */
  release(): void;
}

export interface AcquireOptions {
  /** what this writer does, shown to a refused writer */
  command: string;
  /** 0 (default): refuse at once; N: wait up to N seconds; Infinity: wait until free */
  waitSeconds?: number;
  /** cancels a wait (CANCELLED) */
  signal?: AbortSignal;
  /** poll interval while waiting (default 200 ms) */
  pollMs?: number;
  /** called once when the lock is busy and the caller waits */
  onWait?: (holder: LockHolder | null) => void;
}

/** A takeover mutex older than this belongs to a process that died mid-takeover. */
const TAKEOVER_STALE_MS = 10_000;
/** An unreadable lock file older than this is stale (a crash between create and write). */
const UNREADABLE_STALE_MS = 10_000;

export const lockFileOf = (file: string): string => `${path.resolve(file)}.lock`;

/** Locks this process holds: lock file → token. */
const held = new Map<string, string>();
let exitHook = false;

function installExitHook(): void {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const [lockFile, token] of held) removeIfOurs(lockFile, token);
    held.clear();
  });
}

function readHolder(lockFile: string): LockHolder | null | 'missing' {
  let text: string;
  try {
    text = fs.readFileSync(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.token === 'string') {
      return { pid: v.pid, host: v.host, command: String(v.command ?? '?'), since: String(v.since ?? '?'), token: v.token };
    }
  } catch {
    // fall through: unreadable
  }
  return null;
}

function removeIfOurs(lockFile: string, token: string): void {
  const h = readHolder(lockFile);
  if (h !== 'missing' && h !== null && h.token === token) {
    try {
      fs.unlinkSync(lockFile);
    } catch {
      // already gone
    }
  }
}

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(lockFile: string, h: LockHolder | null): boolean {
  if (h === null) {
    try {
      return Date.now() - fs.statSync(lockFile).mtimeMs > UNREADABLE_STALE_MS;
    } catch {
      return false;
    }
  }
  if (h.host !== os.hostname()) return false; // another machine: we cannot tell; never taken over
  if (h.pid === process.pid) return held.get(lockFile) !== h.token;
  return !pidAlive(h.pid);
}

/** Creates the lock file atomically with the holder's JSON in it; false if it exists. */
function tryCreate(lockFile: string, holder: LockHolder): boolean {
  const body = JSON.stringify(holder);
  const tmp = `${lockFile}.${holder.token}.tmp`;
  fs.writeFileSync(tmp, body, { flag: 'wx' });
  try {
    fs.linkSync(tmp, lockFile);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw error;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  // a file system without hard links: O_EXCL (a reader may briefly see an empty file: "unreadable")
  try {
    fs.writeFileSync(lockFile, body, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Replaces a stale lock under a takeover mutex; false if someone else is taking it over or it changed. */
function takeOver(lockFile: string, stale: LockHolder | null, holder: LockHolder): boolean {
  const mutex = `${lockFile}.takeover`;
  try {
    fs.writeFileSync(mutex, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - fs.statSync(mutex).mtimeMs > TAKEOVER_STALE_MS) fs.rmSync(mutex, { force: true });
    } catch {
      // gone meanwhile
    }
    return false;
  }
  try {
    const now = readHolder(lockFile);
    const same = now === 'missing' || (now === null ? stale === null : stale !== null && now.token === stale.token);
    if (!same) return false;
    if (now !== 'missing') fs.rmSync(lockFile, { force: true });
    return tryCreate(lockFile, holder);
  } finally {
    fs.rmSync(mutex, { force: true });
  }
}

/** "pid 1234 on host, "amosweep push", since 2026-…" */
export function describeHolder(h: LockHolder | null): string {
  if (h === null) return 'an AmoSweep process (its lock file is being written or unreadable)';
  const where = h.host === os.hostname() ? '' : ` on ${h.host}`;
  const self = h.pid === process.pid && h.host === os.hostname() ? ' (this process)' : '';
  return `pid ${h.pid}${where}${self} ("${h.command}", since ${h.since})`;
}

function busyError(file: string, h: LockHolder | null, waited: number | undefined): AppError {
  const why = waited ? ` after waiting ${waited} s` : '';
  return new AppError(
    'CONFLICT',
    `${file} is being written by another AmoSweep process${why}: ${describeHolder(h)}. ` +
      `Only one writer may use a snapshot file at a time; reading it is still allowed. ` +
      `Wait until it finishes, or run again with --wait [SECONDS]. ` +
      `If that process is gone from another machine, delete ${lockFileOf(file)}.`,
    { lockFile: lockFileOf(file), holder: h === null ? null : { pid: h.pid, host: h.host, command: h.command, since: h.since } },
    { key: 'db.busy', params: { file, lockFile: lockFileOf(file), pid: h?.pid ?? '—', host: h?.host ?? '—' } },
  );
}

function tryAcquire(file: string, lockFile: string, holder: LockHolder): { lock: WriterLock } | { busy: LockHolder | null } {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(lockFile, holder)) return { lock: makeLock(file, lockFile, holder) };
    const current = readHolder(lockFile);
    if (current === 'missing') continue; // released meanwhile
    if (!isStale(lockFile, current)) return { busy: current };
    if (takeOver(lockFile, current, holder)) return { lock: makeLock(file, lockFile, holder) };
  }
  const current = readHolder(lockFile);
  return { busy: current === 'missing' ? null : current };
}

function makeLock(file: string, lockFile: string, holder: LockHolder): WriterLock {
  held.set(lockFile, holder.token);
  installExitHook();
  let released = false;
  return {
    file,
    lockFile,
    holder,
    release() {
      if (released) return;
      released = true;
      if (held.get(lockFile) === holder.token) held.delete(lockFile);
      removeIfOurs(lockFile, holder.token);
    },
  };
}

function newHolder(command: string): LockHolder {
  return { pid: process.pid, host: os.hostname(), command, since: new Date().toISOString(), token: randomUUID() };
}

/** Takes the writer lock at once or throws CONFLICT naming the holder. */
export function acquireWriterLockSync(file: string, command: string): WriterLock {
  const abs = path.resolve(file);
  const r = tryAcquire(abs, lockFileOf(abs), newHolder(command));
  if ('lock' in r) return r.lock;
  throw busyError(abs, r.busy, undefined);
}

/** Takes the writer lock, waiting up to options.waitSeconds if it is busy. */
export async function acquireWriterLock(file: string, options: AcquireOptions): Promise<WriterLock> {
  const abs = path.resolve(file);
  const lockFile = lockFileOf(abs);
  const holder = newHolder(options.command);
  const wait = options.waitSeconds ?? 0;
  const deadline = Date.now() + wait * 1000;
  let told = false;
  for (;;) {
    if (options.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled while waiting for the snapshot file.', undefined, { key: 'cancelled' });
    const r = tryAcquire(abs, lockFile, holder);
    if ('lock' in r) return r.lock;
    if (wait <= 0 || Date.now() >= deadline) throw busyError(abs, r.busy, wait > 0 && Number.isFinite(wait) ? wait : undefined);
    if (!told) {
      told = true;
      options.onWait?.(r.busy);
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, Math.min(options.pollMs ?? 200, Math.max(1, deadline - Date.now())));
      function done() {
        clearTimeout(t);
        options.signal?.removeEventListener('abort', done);
        resolve();
      }
      options.signal?.addEventListener('abort', done, { once: true });
    });
  }
}

/** Runs fn while holding the writer lock; released on every exit path. */
export async function withWriterLock<T>(file: string, options: AcquireOptions, fn: (lock: WriterLock) => Promise<T> | T): Promise<T> {
  const lock = await acquireWriterLock(file, options);
  try {
    return await fn(lock);
  } finally {
    lock.release();
  }
}

/** The holder of a file's writer lock right now, if any and alive (for "is it busy?" checks). */
export function currentWriter(file: string): LockHolder | null {
  const lockFile = lockFileOf(file);
  const h = readHolder(lockFile);
  if (h === 'missing' || h === null) return null;
  return isStale(lockFile, h) ? null : h;
}
