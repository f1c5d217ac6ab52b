// runtime: node
/**
 * Where tokens live. Electron main provides one backed by safeStorage
 * (electron/main/safe-storage-secret-store.ts); the web bridge and the CLI keep
 * them in memory for the process's life. Secrets are never logged, never written
 * to a snapshot file and never sent to the renderer.
 */
export interface SecretStoreStatus {
  /** os: the OS keychain encrypts; basic_text: Linux without a keyring (a fixed key); none: no encryption; memory: not stored */
  encryption: 'os' | 'basic_text' | 'none' | 'memory';
  /** whether tokens outlive the process */
  persistent: boolean;
  /** the user allowed storing tokens without the keychain (basic_text only) */
  plainTextAllowed: boolean;
}

export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  status?(): SecretStoreStatus;
  allowPlainText?(allow: boolean): Promise<SecretStoreStatus>;
}

export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();
  async get(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }
  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
  status(): SecretStoreStatus {
    return { encryption: 'memory', persistent: false, plainTextAllowed: false };
  }
}
