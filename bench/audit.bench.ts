// runtime: node
/**
 * The audit of the full reference profile (scale 1, about 250 000 entities): seconds and peak
 * RSS of a fresh process auditing the snapshot, next to one plain full scan of the same tables
 * (the floor), plus how many figures differ from the generator's truth.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAccount } from '../fake-amocrm/generator/index';
import { writeFixtureSnapshot } from '../electron/services/snapshot/testing/fixture-file';
import type { BenchResult } from './types';

const here = path.dirname(fileURLToPath(import.meta.url));
const AS_OF = '2020-12-31T00:00:00.000Z';

export async function runAuditBench(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-audit-bench-'));
  const file = path.join(dir, 'reference.amosweep');
  try {
    let truthCounts: Record<string, number>;
    let entities: number;
    {
      const { fixtures, truth } = generateAccount({ profile: 'reference', scale: 1, seed: 1, asOf: new Date(AS_OF) });
      const c = fixtures.collections;
      entities = c.contacts.length + c.companies.length + c.leads.length;
      writeFixtureSnapshot(file, fixtures, { finishedAt: new Date(AS_OF) });
      truthCounts = truth.counts;
    }
    const child = spawnSync(process.execPath, [path.join(here, '..', 'bin', 'run-ts.mjs'), path.join(here, 'audit-child.ts'), file, AS_OF], {
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
    });
    if (child.status !== 0) throw new Error(`audit child failed (${child.status}): ${child.stderr}`);
    const out = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
      seconds: number;
      cpuSeconds: number;
      floorSeconds: number;
      rows: number;
      peakRssMB: number;
      counts: Record<string, number>;
    };
    const mismatches = Object.entries(truthCounts).filter(([id, n]) => out.counts[id] !== n);
    const sizeMB = fs.statSync(file).size / 2 ** 20;
    return [
      {
        name: 'audit of the reference profile (scale 1)',
        value: +out.seconds.toFixed(3),
        unit: 's',
        limit: 10,
        direction: 'max',
        note: `CPU ${out.cpuSeconds.toFixed(2)} s (wall time grows with machine load); ${entities} contacts+companies+deals; floor (one plain scan of the same ${out.rows} rows) ${out.floorSeconds.toFixed(2)} s; file ${sizeMB.toFixed(0)} MB`,
      },
      { name: 'audit floor: one full scan of the audited tables', value: +out.floorSeconds.toFixed(3), unit: 's', limit: 10, direction: 'max' },
      { name: 'audit peak RSS (fresh process)', value: Math.round(out.peakRssMB), unit: 'MB', limit: 1024, direction: 'max' },
      {
        name: 'audit figures differing from the truth (scale 1)',
        value: mismatches.length,
        unit: 'ids',
        limit: 0,
        direction: 'max',
        note: mismatches.length ? mismatches.map(([id, n]) => `${id}: truth ${n}, audit ${out.counts[id]}`).join('; ') : `all ${Object.keys(truthCounts).length} ids equal`,
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
