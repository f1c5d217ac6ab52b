// runtime: node
/** The `amosweep` executable itself (bin/amosweep.mjs), in a child process. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('bin/amosweep.mjs', () => {
  it('a reader that closes the pipe early (amosweep … | head) ends the command quietly, not with an EPIPE crash', async () => {
    const child = spawn(process.execPath, [path.join(root, 'bin/amosweep.mjs'), 'plan', '--help'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    // close the reading end before the command writes anything: every write meets a closed pipe
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  }, 30_000);
});
