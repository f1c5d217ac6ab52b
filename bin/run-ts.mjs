#!/usr/bin/env node
// runtime: node
// Runs a TypeScript entry point (benchmarks, scripts) under tsx: node bin/run-ts.mjs FILE [args...]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const [file, ...args] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bin/run-ts.mjs FILE.ts [args...]\n');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(file), ...args];
await import(pathToFileURL(path.resolve(file)).href);
