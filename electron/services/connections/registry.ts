// runtime: node
/**
 * The accounts connected in one host process (Electron main, the web bridge, a CLI run): one
 * registry per ServiceDeps. It holds each connection's info and how to authenticate (tokens stay
 * in deps.secrets; this holds only keys and getters), and hands out its rate-limited client.
 * connect.* adds and removes connections; snapshot.start and plan.push ask for clients.
 */
import type { ConnectionInfo } from '../../../shared/api/methods/snapshot';
import { AppError } from '../../../shared/api/result';
import type { AmoAuth, AmoClient } from '../amo/client';
import type { ServiceDeps } from '../api/deps';
import { amoClient, DEFAULT_RPS } from './clients';

export interface Connection {
  info: ConnectionInfo;
  auth: AmoAuth;
  secretKey: string;
}

export class ConnectionRegistry {
  private readonly byId = new Map<string, Connection>();

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): Connection | undefined {
    return this.byId.get(id);
  }

  /** The connection, or NOT_FOUND. */
  require(id: string): Connection {
    const conn = this.byId.get(id);
    if (!conn) throw new AppError('NOT_FOUND', 'No such connection: connect the account first.');
    return conn;
  }

  set(conn: Connection): void {
    this.byId.set(conn.info.id, conn);
  }

  delete(id: string): void {
    this.byId.delete(id);
  }

  list(): Connection[] {
    return [...this.byId.values()];
  }

  /** The client of a connection; every client of one account shares the account's limiter. */
  clientOf(conn: Pick<Connection, 'info' | 'auth'>, rps = DEFAULT_RPS): AmoClient {
    return amoClient(conn.info.baseUrl, conn.auth, rps);
  }

  /** The client of a registered connection, or NOT_FOUND. */
  clientFor(id: string, rps = DEFAULT_RPS): AmoClient {
    return this.clientOf(this.require(id), rps);
  }
}

const registries = new WeakMap<ServiceDeps, ConnectionRegistry>();

/** The registry of a host process's services. */
export function connectionRegistry(deps: ServiceDeps): ConnectionRegistry {
  let reg = registries.get(deps);
  if (!reg) registries.set(deps, (reg = new ConnectionRegistry()));
  return reg;
}
