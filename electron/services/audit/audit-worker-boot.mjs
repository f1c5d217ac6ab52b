// runtime: node
// Worker bootstrap for TypeScript sources (vitest, tsx): registers tsx, then loads the worker entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.amosweepEntry);
