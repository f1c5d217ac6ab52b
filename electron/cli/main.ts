// runtime: node
import { APP_VERSION } from '../services/app-version';
import { UsageError, type CliIo } from './command';
import { COMMANDS } from './registry';

export function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    `AmoSweep ${APP_VERSION}: make an amoCRM (Kommo) account clean and keep it clean.`,
    '',
    'Usage: amosweep <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help     show help (also: amosweep <command> --help)',
    '  -v, --version  print the version',
    '',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(helpText());
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${APP_VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS[first];
  if (!entry) {
    io.stderr(`amosweep: unknown command "${first}". Run "amosweep --help" for the list.\n`);
    return 2;
  }
  const command = await entry.load();
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`amosweep ${first}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`amosweep ${first}: ${typeof code === 'string' ? `[${code}] ` : ''}${message}\n`);
    return 1;
  }
}
