// runtime: node
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const major = (range: string): number => Number(/(\d+)/.exec(range)?.[1] ?? 0);

describe('the Node.js version the README and package.json state', () => {
  it('is at least what every runtime dependency declares, and the README says the same', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; dependencies: Record<string, string> };
    const ours = major(pkg.engines.node);
    for (const dep of Object.keys(pkg.dependencies)) {
      const file = path.join(ROOT, 'node_modules', dep, 'package.json');
      if (!fs.existsSync(file)) continue;
      const engines = (JSON.parse(fs.readFileSync(file, 'utf8')) as { engines?: { node?: string } }).engines?.node;
      if (engines && /^>=\s*\d/.test(engines.trim())) expect(ours, `${dep} needs node ${engines}`).toBeGreaterThanOrEqual(major(engines));
    }
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(`Requirements: Node.js ${ours} or newer`);
  });
});
