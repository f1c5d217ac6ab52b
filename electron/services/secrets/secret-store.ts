// runtime: node
/**
 * Where tokens live. Electron main provides one backed by safeStorage
 * (electron/main/safe-storage-secret-store.ts); the web bridge and the CLI keep
 * them in memory for the process's life. Secrets are never logged, never written
 * to a snapshot file and never sent to the renderer.
 */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
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
}
