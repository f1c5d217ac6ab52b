#!/usr/bin/env node
// runtime: node
// The `amosweep` command. In a checkout it runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../electron/cli/main.ts');
const { readStdin, promptSecret } = await import('../electron/cli/stdio.ts');
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  });
}
// A reader that stops early (`amosweep ... | head`) closes the pipe: the rest of the output is
// dropped quietly, as a Unix tool would, instead of crashing on EPIPE.
let stdoutOpen = true;
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') stdoutOpen = false;
  else throw error;
});
const code = await runCli(process.argv.slice(2), {
  stdout: (text) => {
    if (stdoutOpen) process.stdout.write(text);
  },
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stderr.isTTY),
  signal: controller.signal,
  readStdin: (maxBytes) => readStdin(maxBytes),
  promptSecret: (question) => promptSecret(question),
});
process.exitCode = code;
