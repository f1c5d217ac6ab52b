// runtime: node
/**
 * "Copy diagnostics": what a user pastes into a bug report. Versions, OS, the last 200 log
 * lines and the open snapshot's technical metadata, never a token or personal data: every
 * line goes through redactText with the open snapshot's names, account and the user's home
 * folder as extra things to remove, and the snapshot part lists only technical fields
 * (no file name, account, subdomain or id).
 */
import os from 'node:os';
import type { SnapshotInfo } from '../../../shared/api/methods/snapshot';
import type { SqliteDb } from '../db/open';
import { namingTexts } from '../snapshot/store';
import { redactText, type RedactOptions } from './redact';

export const DIAGNOSTICS_LOG_LINES = 200;

export interface DiagnosticsInput {
  appVersion: string;
  transport: string;
  platform: string;
  versions: Record<string, string | undefined>;
  os: { type: string; release: string; arch: string };
  logLines: string[];
  snapshot: SnapshotInfo | null;
  redact: RedactOptions;
}

const iso = (ms: number | null): string => (ms === null ? '—' : new Date(ms).toISOString());

export function formatDiagnostics(input: DiagnosticsInput): string {
  const out: string[] = [];
  out.push('AmoSweep diagnostics');
  out.push(`app: ${input.appVersion} (${input.transport})`);
  out.push(`os: ${input.os.type} ${input.os.release} ${input.os.arch} (${input.platform})`);
  const versions = Object.entries(input.versions)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  out.push(`versions: ${versions}`);
  out.push('');
  const s = input.snapshot;
  if (s) {
    out.push('snapshot (account, file name and ids withheld):');
    out.push(`  schema ${s.schemaVersion}, written by ${s.appVersion ?? '—'}, ${s.complete ? 'complete' : 'incomplete'}, ${s.readOnly ? 'read-only' : 'writable'}`);
    out.push(`  started ${iso(s.startedAt)}, finished ${iso(s.finishedAt)}`);
    out.push(`  counts: ${Object.entries(s.counts).map(([k, n]) => `${k} ${n}`).join(', ') || '—'}`);
  } else {
    out.push('snapshot: none open');
  }
  out.push('');
  out.push(`log (last ${input.logLines.length} lines, redacted):`);
  for (const line of input.logLines) out.push(redactText(line, input.redact));
  return `${out.join('\n')}\n`;
}

/** Lower-cased words (3+ letters) of the names in a snapshot: contacts, companies, deals, users, account. */
export function personalWords(db: SqliteDb, limit = 2_000_000): Set<string> {
  const words = new Set<string>();
  const add = (text: unknown) => {
    if (typeof text !== 'string') return;
    for (const m of text.matchAll(/\p{L}[\p{L}'’-]{2,}/gu)) words.add(m[0].toLowerCase());
  };
  for (const text of namingTexts(db)) {
    add(text);
    if (words.size >= limit) return words;
  }
  return words;
}

/**
 * Things to remove that are not patterns: the user's home folder (paths carry the user's
 * name), the data folder, the account's name, subdomain and address.
 */
export function personalLiterals(extra: (string | null | undefined)[]): string[] {
  const out = [os.homedir()];
  for (const value of extra) if (value) out.push(value);
  return out;
}
