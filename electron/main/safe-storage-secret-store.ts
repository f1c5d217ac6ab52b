// runtime: electron-main
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { AppError } from '../../shared/api/result';
import type { SecretStore, SecretStoreStatus } from '../services/secrets/secret-store';

type SafeStorageLike = Pick<typeof safeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: () => string;
};

interface SecretsFile {
  version: 1;
  /** key → base64 of the value encrypted by the OS keychain (safeStorage) */
  values: Record<string, string>;
  /**
   * Linux without a keyring (safeStorage's 'basic_text' backend, a fixed key): the user's
   * explicit consent to keep tokens there anyway, with the time it was given.
   */
  plainTextConsentAt?: number;
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
    return this.status().encryption === 'os';
  }

  status(): SecretStoreStatus {
    const consent = this.read().plainTextConsentAt !== undefined;
    if (!this.storage.isEncryptionAvailable()) return { encryption: 'none', persistent: true, plainTextAllowed: false };
    if (this.platform === 'linux' && this.storage.getSelectedStorageBackend?.() === 'basic_text') {
      return { encryption: 'basic_text', persistent: true, plainTextAllowed: consent };
    }
    return { encryption: 'os', persistent: true, plainTextAllowed: consent };
  }

  /**
   * The user's explicit choice on Linux without a keyring: keep tokens with safeStorage's
   * 'basic_text' backend (a fixed key: as good as clear text to anyone who can read the file).
   * Withdrawing it deletes the tokens stored that way.
   */
  async allowPlainText(allow: boolean): Promise<SecretStoreStatus> {
    const data = this.read();
    if (allow) data.plainTextConsentAt = Date.now();
    else {
      delete data.plainTextConsentAt;
      if (this.status().encryption !== 'os') data.values = {};
    }
    this.write(data);
    return this.status();
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
    const status = this.status();
    const allowed = status.encryption === 'os' || (status.encryption === 'basic_text' && status.plainTextAllowed);
    if (!allowed) {
      throw new AppError(
        'INTERNAL',
        status.encryption === 'basic_text'
          ? 'The system keychain is not available (no keyring on this Linux desktop), so AmoSweep will not store the token: it never writes tokens unencrypted unless you allow it on the Connect screen.'
          : 'The system keychain is not available, so AmoSweep will not store the token: it never writes tokens unencrypted.',
        { keyring: status.encryption },
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
        return {
          version: 1,
          values: { ...parsed.values },
          ...(typeof parsed.plainTextConsentAt === 'number' ? { plainTextConsentAt: parsed.plainTextConsentAt } : {}),
        };
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
