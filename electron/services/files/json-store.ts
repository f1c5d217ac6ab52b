// runtime: node
import fs from 'node:fs';
import path from 'node:path';

/**
 * A small JSON file in the user's state folder (never in a snapshot): read tolerantly (a
 * missing or broken file is the fallback), written atomically (temp file + rename).
 */
export class JsonStore<T> {
  constructor(
    readonly file: string,
    private readonly parse: (value: unknown) => T | null,
    private readonly fallback: () => T,
  ) {}

  read(): T {
    try {
      return this.parse(JSON.parse(fs.readFileSync(this.file, 'utf8'))) ?? this.fallback();
    } catch {
      return this.fallback();
    }
  }

  write(value: T): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}
