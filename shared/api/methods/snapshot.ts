// runtime: common (no node, no DOM, no electron)
import { z } from 'zod';
import { method } from '../define';

/** A connection the main side holds. Tokens never cross to the renderer. */
export interface ConnectionInfo {
  id: string;
  /** e.g. https://example.amocrm.ru or http://127.0.0.1:PORT for the demo server */
  baseUrl: string;
  subdomain: string;
  accountId: number | null;
  accountName: string | null;
  auth: 'long-lived' | 'oauth' | 'demo';
  isDemo: boolean;
  /** false when amoCRM refused GET /api/v4/users (403: the token has no admin rights); absent when not known */
  usersReadable?: boolean;
}

export interface SnapshotFileInfo {
  file: string;
  name: string;
  sizeBytes: number;
  modifiedAt: number;
  subdomain: string | null;
  accountName: string | null;
  finishedAt: number | null;
  /** false when the file could not be read as an AmoSweep snapshot */
  valid: boolean;
  problem?: string;
}

export interface SnapshotInfo {
  file: string;
  readOnly: boolean;
  /**
   * true when the file is not the user's own working copy (not written by this installation,
   * outside the data folder): nothing may write to it; snapshot.workingCopy makes a copy to work in.
   */
  locked?: boolean;
  accountId: number | null;
  accountName: string | null;
  subdomain: string | null;
  appVersion: string | null;
  schemaVersion: number;
  startedAt: number | null;
  finishedAt: number | null;
  complete: boolean;
  contentHash: string | null;
  counts: Record<string, number>;
  /** what amoCRM sent that this version does not understand (kept raw in the file), see ShapeNoteInfo */
  shapesNotUnderstood?: ShapeNoteInfo[];
}

/** One shape not understood: an unknown key, field type or note type, a number sent as a string, … */
export interface ShapeNoteInfo {
  collection: string;
  kind: 'unknown_key' | 'unknown_field_type' | 'unknown_note_type' | 'number_as_string' | 'unexpected_type' | 'item_without_id';
  path: string;
  count: number;
  example: string;
}

export const BROWSE_ENTITIES = ['contacts', 'companies', 'leads'] as const;
export type BrowseEntity = (typeof BROWSE_ENTITIES)[number];

/** A compact row for the Browse tables (all rows of an entity are sent once, then filtered locally). */
export interface BrowseRow {
  id: number;
  name: string;
  /** Phones and e-mails as typed in amoCRM, joined for display and search. */
  phones: string[];
  emails: string[];
  responsible: string | null;
  createdAt: number;
  updatedAt: number;
  /** leads only */
  status?: string | null;
  pipeline?: string | null;
  price?: number | null;
  /** counts of linked entities */
  links: { leads?: number; contacts?: number; companies?: number };
  tags: string[];
}

export interface EntityDetail {
  entity: BrowseEntity;
  id: number;
  raw: unknown;
  linked: { entity: BrowseEntity; id: number; name: string }[];
  /** values as typed; `kinds` (same order) holds a multitext value's type code (MOB, WORK, PRIV…) or null */
  fields: { name: string; values: string[]; kinds?: (string | null)[] }[];
}

const rps = z.number().positive().max(7);
/** months of notes and events (0–60), or 'all' for the whole history */
const notesMonths = z.union([z.number().int().min(0).max(60), z.literal('all')]);

export interface NotesCostEstimate {
  notesMonths: number | 'all';
  collections: { name: string; pages: number; items: number }[];
  /** requests the notes and events will take */
  requests: number;
  /** at `rps` requests per second */
  seconds: number;
  rps: number;
  /** requests the estimate itself took */
  probes: number;
}

/** an account and its long-lived token, used for one call and kept nowhere (the CLI's --token-file) */
const tokenAccess = z.object({ account: z.string().trim().min(1).max(255), token: z.string().min(1).max(8192) }).strict();

export const snapshotMethods = {
  /** The base URL and subdomain of an account as typed (subdomain, host or URL); BAD_INPUT when it names none. */
  'connect.resolve': method<{ baseUrl: string; subdomain: string }>()(z.object({ account: z.string().max(100_000) }).strict()),
  'connect.demo': method<ConnectionInfo>()(z.object({ scale: z.number().positive().max(1).optional() }).strict()),
  'connect.token': method<ConnectionInfo>()(
    z
      .object({
        /** subdomain ("example"), host ("example.amocrm.ru") or full base URL */
        account: z.string().trim().min(1).max(255),
        token: z.string().trim().min(10).max(8192),
      })
      .strict(),
  ),
  'connect.oauth': method<ConnectionInfo>()(
    z
      .object({
        account: z.string().trim().min(1).max(255),
        clientId: z.string().trim().min(1).max(255),
        clientSecret: z.string().trim().min(1).max(1024),
        code: z.string().trim().min(1).max(8192),
        redirectUri: z.string().trim().url().max(2048),
      })
      .strict(),
  ),
  /**
   * OAuth with a loopback redirect: listens on 127.0.0.1 (port 0 = a random free one), opens
   * amoCRM's consent page in the system browser (when the host can) and answers its address.
   * The integration's redirect URI must be the returned redirectUri.
   */
  'connect.oauthStart': method<{ flowId: string; authorizeUrl: string; redirectUri: string; opened: boolean }>()(
    z
      .object({
        account: z.string().trim().min(1).max(255),
        clientId: z.string().trim().min(1).max(255),
        clientSecret: z.string().trim().min(1).max(1024),
        port: z.number().int().min(0).max(65535).default(0),
      })
      .strict(),
  ),
  /** Waits for the browser's redirect (state checked), exchanges the code and connects. */
  'connect.oauthWait': method<ConnectionInfo>()(z.object({ flowId: z.string().min(1).max(64) }).strict()),
  'connect.oauthCancel': method<{ cancelled: boolean }>()(z.object({ flowId: z.string().min(1).max(64) }).strict()),
  'connect.list': method<ConnectionInfo[]>()(z.object({}).strict()),
  'connect.forget': method<{ forgotten: boolean }>()(z.object({ connectionId: z.string().min(1).max(64) }).strict()),

  'snapshot.start': method<{ jobId: string; file: string }>()(
    z
      .object({
        connectionId: z.string().min(1).max(64).optional(),
        /**
         * instead of a connection (the CLI): the account and its long-lived token, for this snapshot
         * only (kept nowhere); file is then an absolute path, and the file's writer lock is taken
         * by the run itself, waiting waitSeconds (null: as long as it takes) for another writer
         */
        token: tokenAccess.optional(),
        waitSeconds: z.number().min(0).max(86_400).nullable().default(0),
        /** with token: how the lock file names this writer ("amosweep snapshot --refresh") */
        writer: z.string().min(1).max(200).optional(),
        /** a new file name in the data folder, or an existing file to resume or refresh */
        file: z.string().min(1).max(4096).optional(),
        refresh: z.boolean().default(false),
        notesMonths: notesMonths.default(6),
        rps: rps.default(7),
      })
      .strict()
      .refine((v) => (v.connectionId === undefined) !== (v.token === undefined), 'give a connectionId or a token, not both'),
  ),
  /** The request cost of a notes and events window, estimated from the API's paging (a few requests). */
  'snapshot.estimate': method<NotesCostEstimate>()(
    z
      .object({ connectionId: z.string().min(1).max(64).optional(), token: tokenAccess.optional(), notesMonths, rps: rps.default(7) })
      .strict()
      .refine((v) => (v.connectionId === undefined) !== (v.token === undefined), 'give a connectionId or a token, not both'),
  ),
  'snapshot.files': method<SnapshotFileInfo[]>()(z.object({}).strict()),
  /**
   * An anonymized copy of a snapshot for outside auditors (a job; its result is the copy's
   * {file, rewritten, dropped, verify, durationMs}). The source is only read.
   */
  'snapshot.anonymize': method<{ jobId: string; file: string }>()(
    z
      .object({
        /** a new file name in the data folder (default: "<name>-anonymized.amosweep"), or an absolute path */
        file: z.string().min(1).max(4096).optional(),
        /** the snapshot to copy, an absolute path (default: the open one); with it the file must be an absolute path of any name (the CLI) */
        source: z.string().min(1).max(4096).optional(),
        /** false: skip comparing the audit and the matcher of the copy with the source's (faster; the copy is not proven) */
        verify: z.boolean().default(true),
      })
      .strict(),
  ),
  'snapshot.open': method<SnapshotInfo>()(
    z
      .object({
        file: z.string().min(1).max(4096),
        /**
         * auto: the user's own working copy may be written (audit, decisions, plans); any other
         * file is locked read-only. edit: the user chose to work in this file itself.
         */
        access: z.enum(['auto', 'edit']).default('auto'),
      })
      .strict(),
  ),
  'snapshot.close': method<{ closed: boolean }>()(z.object({}).strict()),
  'snapshot.current': method<SnapshotInfo | null>()(z.object({}).strict()),

  'browse.rows': method<BrowseRow[]>()(z.object({ entity: z.enum(BROWSE_ENTITIES) }).strict()),
  'browse.entity': method<EntityDetail>()(
    z.object({ entity: z.enum(BROWSE_ENTITIES), id: z.number().int().positive() }).strict(),
  ),
};
