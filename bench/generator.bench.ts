// runtime: node
/**
 * The demo account generator (issue 3): the reference profile at scale 1 in under 20 s,
 * measured in a fresh process so that its time and memory are its own.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './types';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface GeneratorRun {
  ms: number;
  cpuMs: number;
  peakRssMB: number;
  mismatches: string[];
  sizes: Record<string, number>;
}

export async function runGeneratorBench(): Promise<BenchResult[]> {
  const scale = Number(process.env.GENERATOR_BENCH_SCALE ?? '1');
  const stdout = execFileSync(process.execPath, [path.join(root, 'bin/run-ts.mjs'), path.join(root, 'fake-amocrm/generator/cli.ts'), '--scale', String(scale), '--seed', '42'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  const run = JSON.parse(stdout) as GeneratorRun;
  const entities = (run.sizes.contacts ?? 0) + (run.sizes.companies ?? 0) + (run.sizes.leads ?? 0);
  const note = `scale ${scale}: ${entities} contacts+companies+deals, CPU ${(run.cpuMs / 1000).toFixed(1)} s`;
  return [
    { name: `generate the reference profile (scale ${scale})`, value: +(run.ms / 1000).toFixed(2), unit: 's', limit: 20, direction: 'max', note },
    { name: 'generator peak RSS', value: run.peakRssMB, unit: 'MB', limit: 1536, direction: 'max', note: 'the whole process, tsx included' },
    { name: 'reference figures not reproduced', value: run.mismatches.length, unit: 'figures', limit: 0, direction: 'max', note: run.mismatches.slice(0, 3).join('; ') },
  ];
}
