// runtime: electron-main
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { AppError } from '../../shared/api/result';
import type { SecretStore } from '../services/secrets/secret-store';

type SafeStorageLike = Pick<typeof safeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: () => string;
};

interface SecretsFile {
  version: 1;
  /** key → base64 of the value encrypted by the OS keychain (safeStorage) */
  values: Record<string, string>;
}

/**
 * Tokens encrypted with Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet) in a
 * JSON file in userData. When the OS offers no real encryption, it refuses to store a
 * secret rather than writing it in plain text.
 */
export class SafeStorageSecretStore implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly storage: SafeStorageLike = safeStorage,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** Whether real encryption is available (Linux's "basic_text" fallback does not count). */
  canEncrypt(): boolean {
    if (!this.storage.isEncryptionAvailable()) return false;
    if (this.platform === 'linux' && this.storage.getSelectedStorageBackend?.() === 'basic_text') return false;
    return true;
  }

  async get(key: string): Promise<string | null> {
    const stored = this.read().values[key];
    if (stored === undefined) return null;
    if (!this.storage.isEncryptionAvailable()) return null;
    try {
      return this.storage.decryptString(Buffer.from(stored, 'base64'));
    } catch {
      return null;
    }
  }

  async set(key: string, value: string): Promise<void> {
    if (!this.canEncrypt()) {
      throw new AppError(
        'INTERNAL',
        'The system keychain is not available, so AmoSweep will not store the token: it never writes tokens unencrypted.',
      );
    }
    const data = this.read();
    data.values[key] = this.storage.encryptString(value).toString('base64');
    this.write(data);
  }

  async delete(key: string): Promise<void> {
    const data = this.read();
    if (!(key in data.values)) return;
    delete data.values[key];
    this.write(data);
  }

  private read(): SecretsFile {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<SecretsFile>;
      if (parsed.version === 1 && parsed.values && typeof parsed.values === 'object') {
        return { version: 1, values: { ...parsed.values } };
      }
    } catch {
      // missing or unreadable: start empty
    }
    return { version: 1, values: {} };
  }

  private write(data: SecretsFile): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(data)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}
