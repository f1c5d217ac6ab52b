// runtime: node
/**
 * The log every service writes to. The host builds it: Electron main from electron-log/main
 * (fromElectronLog), the web bridge from electron-log/node (createFileLog), tests from
 * MemoryLog. Messages are redacted before they are written (tokens, e-mails, phones: see
 * diagnostics/redact.ts), and `tail` gives "Copy diagnostics" the last lines.
 */
import fs from 'node:fs';
import electronLog from 'electron-log/node';
import { redactText } from '../diagnostics/redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export interface AppLog extends Logger {
  /** the log file, or null when the log is kept in memory only */
  readonly file: string | null;
  /** the last `count` lines written (oldest first), including the rotated file when needed */
  tail(count: number): string[];
}

/** An Error (or anything else) as one line of text, redacted. */
export function describeDetail(detail: unknown): string {
  if (detail instanceof Error) return redactText(detail.stack ?? `${detail.name}: ${detail.message}`);
  if (typeof detail === 'string') return redactText(detail);
  try {
    return redactText(JSON.stringify(detail));
  } catch {
    return redactText(String(detail));
  }
}

const line = (message: string, details: unknown[]): string =>
  [redactText(message), ...details.map(describeDetail)].join(' ');

/** The last `count` lines of a text file and of its rotated `.old` sibling. */
export function readLogTail(file: string, count: number, maxBytes = 512 * 1024): string[] {
  const readEnd = (name: string): string[] => {
    try {
      const fd = fs.openSync(name, 'r');
      try {
        const size = fs.fstatSync(fd).size;
        const length = Math.min(size, maxBytes);
        const buffer = Buffer.alloc(length);
        fs.readSync(fd, buffer, 0, length, size - length);
        const lines = buffer.toString('utf8').split(/\r?\n/);
        if (length < size) lines.shift(); // a partial first line
        return lines.filter((l) => l.length > 0);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return [];
    }
  };
  const current = readEnd(file);
  if (current.length >= count) return current.slice(-count);
  const old = readEnd(file.replace(/\.log$/, '.old.log'));
  return [...old, ...current].slice(-count);
}

/** The part of an electron-log instance this module uses (main, node and their `create` copies). */
export interface ElectronLogLike {
  debug(...params: unknown[]): void;
  info(...params: unknown[]): void;
  warn(...params: unknown[]): void;
  error(...params: unknown[]): void;
  transports: { file: { getFile(): { path: string } } };
}

/** An AppLog over an electron-log instance configured by the host. */
export function fromElectronLog(log: ElectronLogLike): AppLog {
  return {
    get file() {
      return log.transports.file.getFile().path;
    },
    debug: (message, ...details) => log.debug(line(message, details)),
    info: (message, ...details) => log.info(line(message, details)),
    warn: (message, ...details) => log.warn(line(message, details)),
    error: (message, ...details) => log.error(line(message, details)),
    tail(count) {
      return readLogTail(log.transports.file.getFile().path, count);
    },
  };
}

export const LOG_MAX_BYTES = 5 * 1024 * 1024;

/**
 * A log file for a Node host (the web bridge) through electron-log/node: rotated at
 * LOG_MAX_BYTES into `<name>.old.log` (electron-log's own rotation), nothing on the console.
 */
export function createFileLog(file: string, { maxBytes = LOG_MAX_BYTES }: { maxBytes?: number } = {}): AppLog {
  const log = electronLog.create({ logId: `amosweep:${file}` });
  log.transports.file.resolvePathFn = () => file;
  log.transports.file.maxSize = maxBytes;
  log.transports.file.level = 'info';
  log.transports.console.level = false;
  return fromElectronLog(log);
}

/** Keeps lines in memory (tests, the CLI). */
export class MemoryLog implements AppLog {
  readonly file = null;
  readonly lines: string[] = [];
  constructor(private readonly limit = 1000) {}
  private push(level: LogLevel, message: string, details: unknown[]): void {
    this.lines.push(`[${new Date().toISOString()}] [${level}] ${line(message, details)}`);
    if (this.lines.length > this.limit) this.lines.splice(0, this.lines.length - this.limit);
  }
  debug(message: string, ...details: unknown[]): void {
    this.push('debug', message, details);
  }
  info(message: string, ...details: unknown[]): void {
    this.push('info', message, details);
  }
  warn(message: string, ...details: unknown[]): void {
    this.push('warn', message, details);
  }
  error(message: string, ...details: unknown[]): void {
    this.push('error', message, details);
  }
  tail(count: number): string[] {
    return this.lines.slice(-count);
  }
}
