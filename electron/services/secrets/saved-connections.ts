// runtime: node
/**
 * The connected accounts of the desktop app, kept across restarts: their public info and the
 * keys of their secrets (connections.json in the user's state folder; tokens and the OAuth
 * client secret stay in the SecretStore, never here). Only hosts whose SecretStore persists
 * (Electron's safeStorage) keep them; the web bridge and the CLI forget on exit.
 */
import path from 'node:path';
import type { ConnectionInfo } from '../../../shared/api/methods/snapshot';
import { JsonStore } from '../files/json-store';

export interface SavedConnection {
  info: ConnectionInfo;
  secretKey: string;
  /** OAuth: the integration's id and redirect URI (its secret is in the SecretStore under `${secretKey}:client`) */
  oauth?: { clientId: string; redirectUri: string };
}

const isSaved = (v: unknown): v is SavedConnection => {
  const r = v as Partial<SavedConnection> | null;
  return !!r && typeof r.secretKey === 'string' && !!r.info && typeof r.info.id === 'string' && typeof r.info.baseUrl === 'string';
};

export class SavedConnections {
  private readonly store: JsonStore<SavedConnection[]>;
  constructor(stateDir: string) {
    this.store = new JsonStore(path.join(stateDir, 'connections.json'), (v) => (Array.isArray(v) ? v.filter(isSaved) : null), () => []);
  }
  list(): SavedConnection[] {
    return this.store.read();
  }
  save(entry: SavedConnection): void {
    this.store.write([...this.list().filter((c) => c.info.id !== entry.info.id), entry]);
  }
  remove(id: string): void {
    this.store.write(this.list().filter((c) => c.info.id !== id));
  }
}
