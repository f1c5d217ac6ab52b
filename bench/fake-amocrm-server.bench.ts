// runtime: node
/**
 * The fake amoCRM server on the reference profile at scale 1 (issue 3): RSS while serving,
 * and the time to serve a page of 250 contacts on loopback (median and p95 over a full
 * walk through every contact by _links.next). Run alone: npm run bench -- fake-amocrm-server
 * (scale via FAKE_AMO_BENCH_SCALE, default 1).
 */
import { spawn } from 'node:child_process';
import { generateAccount } from '../fake-amocrm/generator/index';
import { startFakeAmo } from '../fake-amocrm/index';
import type { BenchResult } from './types';

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

export async function runFakeServerBench(): Promise<BenchResult[]> {
  const scale = Number(process.env.FAKE_AMO_BENCH_SCALE ?? '1');
  const { fixtures, truth } = generateAccount({ profile: 'reference', scale, seed: 42, asOf: new Date('2020-12-31T00:00:00Z') });
  const t0 = performance.now();
  const server = await startFakeAmo({ fixtures, truth, rps: 0, accountRps: 0 });
  const startMs = performance.now() - t0;
  let peakRss = process.memoryUsage().rss;
  const sample = (): void => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  const headers = { Authorization: `Bearer ${server.token}` };
  const sampler = setInterval(sample, 100);
  try {
    // the client runs in its own process, as a real client would: its JSON parsing and GC
    // pauses are not charged to the server
    const cpu0 = process.cpuUsage();
    const { times, rows } = await runClient(server.url, server.token);
    const cpu = process.cpuUsage(cpu0);
    // CPU time the server process spent per page (user + system, GC included): independent of machine load
    const cpuPerPageMs = (cpu.user + cpu.system) / 1000 / Math.max(1, times.length);
    // one sorted + filtered walk step and one full-text search, as a snapshot's incremental pass would do
    const sortStart = performance.now();
    await (await fetch(`${server.url}/api/v4/leads?limit=250&order[updated_at]=asc&filter[updated_at][from]=0`, { headers })).arrayBuffer();
    const sortMs = performance.now() - sortStart;
    const queryStart = performance.now();
    await (await fetch(`${server.url}/api/v4/contacts?query=79161234567`, { headers })).arrayBuffer();
    const queryMs = performance.now() - queryStart;
    sample();
    const sorted = [...times].sort((a, b) => a - b);
    const note = `scale ${scale}: ${rows} contacts in ${times.length} pages; start ${Math.round(startMs)} ms; first leads order[updated_at] page ${Math.round(sortMs)} ms; first query= search ${Math.round(queryMs)} ms`;
    return [
      { name: 'fake server peak RSS (reference profile loaded + serving)', value: Math.round(peakRss / 2 ** 20), unit: 'MB', limit: 1536, direction: 'max', note },
      { name: 'page of 250 contacts, median', value: Number(percentile(sorted, 0.5).toFixed(2)), unit: 'ms', limit: 20, direction: 'max', note },
      { name: 'page of 250 contacts, server CPU per page', value: Number(cpuPerPageMs.toFixed(2)), unit: 'ms', limit: 20, direction: 'max', note },
      { name: 'page of 250 contacts, p95', value: Number(percentile(sorted, 0.95).toFixed(2)), unit: 'ms', limit: 20, direction: 'max', note },
    ];
  } finally {
    clearInterval(sampler);
    await server.close();
  }
}

const CLIENT = `
const [url, token] = process.argv.slice(1);
const times = [];
let rows = 0;
let next = url + '/api/v4/contacts?limit=250';
while (next) {
  const t = performance.now();
  const res = await fetch(next, { headers: { Authorization: 'Bearer ' + token } });
  if (res.status === 204) break;
  const text = await res.text();
  times.push(performance.now() - t);
  const page = JSON.parse(text);
  rows += page._embedded.contacts.length;
  next = page._links.next ? page._links.next.href : undefined;
}
process.stdout.write(JSON.stringify({ times, rows }));
`;

function runClient(url: string, token: string): Promise<{ times: number[]; rows: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CLIENT, url, token], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as { times: number[]; rows: number }) : reject(new Error(`client exited ${String(code)}`))));
  });
}
