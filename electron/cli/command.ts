// runtime: node
/** One CLI command. `run` returns the process exit code; it never calls process.exit itself. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** true when stderr is a terminal: progress bars go there */
  isTTY: boolean;
  /** resolves when the user presses Ctrl-C (SIGINT) or the process gets SIGTERM */
  signal: AbortSignal;
  /** reads standard input to its end (at most maxBytes); absent where there is none */
  readStdin?: (maxBytes: number) => Promise<string>;
  /** asks for a secret on the terminal without echo; null when stdin is not a terminal */
  promptSecret?: (question: string) => Promise<string | null>;
}

export interface CliCommand {
  name: string;
  /** one line for `amosweep --help` */
  summary: string;
  /** the full usage text for `amosweep <command> --help` */
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** A usage error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
