// runtime: node
/**
 * Test tools of the fault matrix (docs/reliability.md): the CLI as a child process that can be
 * killed with SIGKILL, a seeded random source, and the fake server's state in a form that two
 * runs can be compared on (times and server-made ids left out).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeAmoServer } from '../../../../fake-amocrm/index';
import type { ApiObject } from '../amo';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const bin = path.join(root, 'bin/amosweep.mjs');

export interface CliRun {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** Runs `amosweep ARGS` in a child process; `onSpawn` gets the child (to kill it). */
export function runCli(args: string[], options: { env?: Record<string, string>; onSpawn?: (child: ChildProcess) => void } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...options.env } });
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A seeded linear congruential generator: the same seed gives the same kill points. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const VOLATILE = new Set(['updated_at', 'created_at', 'updated_by', 'closest_task_at', '_links']);

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) if (!VOLATILE.has(k)) out[k] = strip(v);
  return out;
}

/**
 * The fake account's entities, tags, fields, tasks and notes without times, and with the ids
 * of objects the server made (tasks, notes, fields, tags) replaced by their content, so that an
 * interrupted-then-resumed run and an uninterrupted one compare equal when they did the same.
 */
export function comparableState(fake: FakeAmoServer): string {
  const { collections } = fake.store.toFixtureSet();
  const out: Record<string, unknown> = {};
  for (const [name, list] of Object.entries(collections)) {
    if (name === 'events' || name === 'users' || name === 'roles') continue;
    const items = (list as ApiObject[]).map((x) => strip(x) as ApiObject);
    const made = name.endsWith('_notes') || name === 'tasks' || name.endsWith('_tags') || name.endsWith('_custom_fields');
    const keyed = items.map((x) => (made ? JSON.stringify({ ...x, id: undefined }) : JSON.stringify(x)));
    out[name] = keyed.sort();
  }
  return JSON.stringify(out);
}
