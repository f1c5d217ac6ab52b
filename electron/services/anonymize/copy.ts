// runtime: node
/**
 * `anonymize IN OUT`: a new snapshot file in which every personal value has a pseudonym
 * (pseudonyms.ts), the audit and the matcher give the same results (verify.ts), and no
 * original value is left in any page: the work copy is made with VACUUM INTO, rewritten, and
 * written out with VACUUM INTO again (a fresh file without free pages). IN is only read.
 */
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/api/result';
import { APP_VERSION } from '../app-version';
import { closeSnapshotDb, openSnapshotDb, type SqliteDb } from '../db/open';
import { contentHash } from '../snapshot/content-hash';
import { readMeta, writeMeta } from '../snapshot/meta';
import { fieldDefCodes, rewritePersonalRows, type PersonalTable, type PersonalTables } from '../snapshot/store';
import { Keys } from './keys';
import { AnonymizeError, Pseudonymizer, type FieldRole } from './pseudonyms';
import { originalFigures, verifyCopy, type OriginalFigures, type VerifyReport } from './verify';
import { clearRunAnalytics, rewriteFixIntentParams } from '../audit/store';
import { dropMatchRuns, rewriteDecisionChoices } from '../match/merge-decisions';
import { dropPlans } from '../plan/store';

export interface AnonymizeOptions {
  /** tests only: a fixed secret (by default 32 random bytes that never leave the process) */
  secret?: Buffer;
  /** compare the audit and the matcher on the copy with the original's (default true) */
  verify?: boolean;
  /** tests only: how many draws of pseudonyms to try (default 5) */
  maxDraws?: number;
  onProgress?: (step: string) => void;
  signal?: AbortSignal;
}

export interface AnonymizeResult {
  file: string;
  /** rows rewritten per table */
  rewritten: Record<string, number>;
  /** rows dropped per table (change plans, match runs: recomputed on the copy) */
  dropped: Record<string, number>;
  verify: VerifyReport | null;
  durationMs: number;
}

/** Custom field types whose values are choices, dates or numbers, not personal text. */
const KEEP_TYPES = new Set([
  'select', 'multiselect', 'radiobutton', 'checkbox', 'date', 'date_time', 'birthday', 'numeric', 'price', 'monetary', 'category',
  'items', 'chained_list', 'linked_entity', 'tracking_data', 'payer', 'supplier',
]);
/** Keys of raw JSON whose string values are structure (codes, ids, types), never personal text. */
const STRUCTURAL = new Set([
  'id', 'type', 'code', 'field_code', 'field_type', 'field_name', 'enum_code', 'enum', 'note_type', 'entity_type', 'uniq', 'uuid', 'status',
  'currency', 'color', 'sort', 'lang', 'language', 'rights', 'source', 'service', 'timezone', 'version', 'icon_url', 'request_id',
]);
/** _embedded parts that are account configuration (tags, loss reason, source), kept. */
const EMBEDDED_KEEP = new Set(['tags', 'loss_reason', 'source', 'catalog_elements']);

const singular: Record<string, string> = { lead: 'leads', contact: 'contacts', company: 'companies', customer: 'customers' };
const plural = (t: string | null | undefined): string => (t ? (singular[t] ?? t) : '');

class Rewriter {
  private readonly roles = new Map<string, FieldRole>();

  constructor(
    private readonly db: SqliteDb,
    private readonly p: Pseudonymizer,
  ) {
    for (const [t, id, type, code] of fieldDefCodes(db)) this.roles.set(`${t}:${id}`, this.roleFor(t, code, type));
  }

  private roleFor(entityType: string, code: string | null, type: string | null): FieldRole {
    const c = (code ?? '').toUpperCase();
    if (c === 'PHONE') return 'phone';
    if (c === 'EMAIL') return 'email';
    if (type && KEEP_TYPES.has(type)) return 'keep';
    return entityType === 'contacts' || entityType === 'companies' ? 'name' : 'prose';
  }

  role(entityType: string, fieldId: number | null, code: string | null, type: string | null): FieldRole {
    return (fieldId !== null ? this.roles.get(`${entityType}:${fieldId}`) : undefined) ?? this.roleFor(entityType, code, type);
  }

  /** A field value's text, as stored in field_values (objects as JSON text). */
  valueText(role: FieldRole, text: string): string {
    if (role === 'keep') return text;
    const t = text.trim();
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
      try {
        return JSON.stringify(this.walk(JSON.parse(text), 'value', ''));
      } catch {
        // not JSON: plain text
      }
    }
    return this.p.fieldValue(role, text);
  }

  /** One value of custom_fields_values in raw JSON, kept consistent with valueText. */
  private rawValue(role: FieldRole, value: unknown): unknown {
    if (role === 'keep' || value === null || value === undefined || typeof value === 'boolean') return value;
    if (typeof value === 'string') return this.valueText(role, value);
    if (typeof value === 'number') {
      const out = this.p.fieldValue(role, String(value));
      return /^[1-9]\d*$/.test(out) || out === '0' ? Number(out) : out;
    }
    return this.walk(value, 'value', '');
  }

  private customFields(entityType: string, list: unknown): unknown {
    if (!Array.isArray(list)) return this.walk(list, 'custom_fields_values', entityType);
    return list.map((f: unknown) => {
      if (!f || typeof f !== 'object') return f;
      const field = f as Record<string, unknown>;
      const role = this.role(
        entityType,
        typeof field.field_id === 'number' ? field.field_id : null,
        typeof field.field_code === 'string' ? field.field_code : null,
        typeof field.field_type === 'string' ? field.field_type : null,
      );
      const values = Array.isArray(field.values)
        ? field.values.map((v: unknown) => {
            if (!v || typeof v !== 'object') return v;
            const o = { ...(v as Record<string, unknown>) };
            if ('value' in o) o.value = this.rawValue(role, o.value);
            return o;
          })
        : field.values;
      return { ...field, values };
    });
  }

  /**
   * Raw JSON of an entity of `entityType` (plural), walked: names by the entity's kind, custom
   * fields by role, phones and e-mails by key, structure kept, every other string free text.
   */
  walk(value: unknown, key: string, entityType: string): unknown {
    if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
    if (typeof value === 'string') return this.stringAt(key, value, entityType);
    if (Array.isArray(value)) return value.map((v) => this.walk(v, key, entityType));
    if (typeof value !== 'object') return value;
    const o = value as Record<string, unknown>;
    // a custom field change in an event: {field_id, text}
    if (typeof o.field_id === 'number' && typeof o.text === 'string') {
      const role = this.role(entityType, o.field_id, null, null);
      return { ...o, text: this.valueText(role, o.text) };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      if (k === '_links' || STRUCTURAL.has(k)) out[k] = v;
      else if (k === 'custom_fields_values') out[k] = this.customFields(entityType, v);
      else if (k === '_embedded' && v && typeof v === 'object' && !Array.isArray(v)) {
        const emb: Record<string, unknown> = {};
        for (const [ek, ev] of Object.entries(v as Record<string, unknown>)) {
          emb[ek] = EMBEDDED_KEEP.has(ek) ? ev : this.walk(ev, ek, plural(ek));
        }
        out[k] = emb;
      } else out[k] = this.walk(v, k, entityType);
    }
    return out;
  }

  private stringAt(key: string, value: string, entityType: string): string {
    if (STRUCTURAL.has(key) || key.endsWith('_id') || key.endsWith('_at') || key.endsWith('_code') || key.endsWith('_type')) return value;
    if (key === 'phone') return this.p.fieldValue('phone', value);
    if (key === 'email') return this.p.fieldValue('email', value);
    if ((key === 'name' || key === 'first_name' || key === 'last_name') && (entityType === 'contacts' || entityType === 'companies')) {
      return this.p.cardName(value);
    }
    return this.p.fieldValue('prose', value);
  }

  rawJson(json: string | null, entityType: string): string | null {
    if (json === null) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      return this.p.fieldValue('prose', json);
    }
    return JSON.stringify(this.walk(parsed, '', entityType));
  }
}

/** Every personal value of the file, rewritten (or, in the collecting pass, only read). */
function rewriteAll(db: SqliteDb, p: Pseudonymizer, signal: AbortSignal | undefined): Record<string, number> {
  const r = new Rewriter(db, p);
  const write = !p.collecting;
  const counts: Record<string, number> = {};
  const str = (v: string | null, fn: (s: string) => string): string | null => (v === null ? null : fn(v));
  // the core tables through the snapshot store (its write side): each row mapped to its new values
  const each = <K extends PersonalTable>(table: K, map: (row: PersonalTables[K]['row']) => PersonalTables[K]['next']) => {
    counts[table] = (counts[table] ?? 0) + rewritePersonalRows(db, table, map, write, signal);
  };
  each('contacts', (c) => ({
    name: str(c.name, (s) => p.cardName(s)),
    first_name: str(c.first_name ?? null, (s) => p.cardName(s)),
    last_name: str(c.last_name ?? null, (s) => p.cardName(s)),
    raw: r.rawJson(c.raw, 'contacts'),
  }));
  each('companies', (c) => ({ name: str(c.name, (s) => p.cardName(s)), raw: r.rawJson(c.raw, 'companies') }));
  each('leads', (c) => ({ name: str(c.name, (s) => p.fieldValue('prose', s)), raw: r.rawJson(c.raw, 'leads') }));
  each('users', (u) => ({
    name: str(u.name, (s) => p.fieldValue('prose', s)),
    email: str(u.email, (s) => p.fieldValue('email', s)),
    raw: r.rawJson(u.raw, 'users'),
  }));
  each('field_values', (v) => ({ value: r.valueText(r.role(v.entity_type, v.field_id, v.field_code, v.field_type), v.value) }));
  each('tasks', (t) => ({
    text: str(t.text, (s) => p.fieldValue('prose', s)),
    result_text: str(t.result_text, (s) => p.fieldValue('prose', s)),
    raw: r.rawJson(t.raw, 'tasks'),
  }));
  each('notes', (n) => ({ raw: r.rawJson(n.raw, 'notes') }));
  each('events', (e) => ({
    value_after: r.rawJson(e.value_after, plural(e.entity_type)),
    value_before: r.rawJson(e.value_before, plural(e.entity_type)),
    raw: r.rawJson(e.raw, plural(e.entity_type)),
  }));
  // the matcher's and the audit's own tables, through their stores
  counts.match_decisions = (counts.match_decisions ?? 0) + rewriteDecisionChoices(db, (choices, entityType) => r.rawJson(choices, entityType), write);
  counts.audit_fix_intents = (counts.audit_fix_intents ?? 0) + rewriteFixIntentParams(db, (params, entityType) => r.rawJson(params, entityType), write);
  // the "shapes not understood" report keeps an example value (or a whole item) per note
  const shapes = { value: readMeta(db, 'shapes_not_understood') };
  if (shapes.value) {
    let notes: unknown;
    try {
      notes = JSON.parse(shapes.value);
    } catch {
      notes = null;
    }
    const rewritten = Array.isArray(notes)
      ? JSON.stringify(
          notes.map((n: unknown) => {
            if (!n || typeof n !== 'object') return n;
            const note = n as Record<string, unknown>;
            const collection = typeof note.collection === 'string' ? note.collection : '';
            const entityType = collection.endsWith('_notes') ? 'notes' : collection;
            return typeof note.example === 'string' ? { ...note, example: r.rawJson(note.example, entityType) } : note;
          }),
        )
      : p.fieldValue('prose', shapes.value);
    if (write) writeMeta(db, 'shapes_not_understood', rewritten);
    counts.meta = 1;
  }
  if (write) clearRunAnalytics(db);
  return counts;
}

/** Draws of pseudonyms tried before the copy is refused (each draw is checked by verify.ts). */
const MAX_DRAWS = 5;

/** The secret of draw n: the first is the secret itself, later ones derived from it by HMAC. */
function drawSecret(base: Buffer, draw: number): Buffer {
  return draw === 1 ? base : createHmac('sha256', base).update(`draw:${draw}`).digest();
}

/** One draw: every personal value of the work copy rewritten, derived tables emptied, meta stamped. */
function pseudonymize(
  db: SqliteDb,
  keys: Keys,
  progress: (step: string) => void,
  signal: AbortSignal | undefined,
): { rewritten: Record<string, number>; dropped: Record<string, number> } {
  db.pragma('secure_delete = ON');
  const p = new Pseudonymizer(keys);
  progress('collect');
  rewriteAll(db, p, signal);
  p.finishCollecting();
  progress('rewrite');
  const dropped: Record<string, number> = {};
  const rewritten = db.transaction(() => {
    const counts = rewriteAll(db, p, signal);
    // change plans with their journal, and match runs: each dropped by the store that owns it
    Object.assign(dropped, dropPlans(db), dropMatchRuns(db));
    writeMeta(db, 'anonymized_at', new Date().toISOString());
    writeMeta(db, 'anonymized_by', APP_VERSION);
    writeMeta(db, 'content_hash', contentHash(db));
    return counts;
  })();
  return { rewritten, dropped };
}

export async function anonymizeSnapshot(inFile: string, outFile: string, options: AnonymizeOptions = {}): Promise<AnonymizeResult> {
  const started = performance.now();
  const input = path.resolve(inFile);
  const output = path.resolve(outFile);
  if (input === output) throw new AppError('BAD_INPUT', 'The anonymized copy must be a new file, not the input.');
  if (fs.existsSync(output)) throw new AppError('CONFLICT', `${output} already exists: the anonymized copy is written to a new file only.`);
  if (!fs.existsSync(path.dirname(output))) throw new AppError('NOT_FOUND', `Folder not found: ${path.dirname(output)}`);
  const progress = options.onProgress ?? (() => {});
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-anonymize-'));
  const work = path.join(workDir, 'work.amosweep');
  const outTmp = `${output}.partial-${process.pid}`;
  const base = options.secret ?? randomBytes(32);
  const maxDraws = options.maxDraws ?? MAX_DRAWS;
  let db: SqliteDb | null = null;
  try {
    let original: OriginalFigures | null = null;
    for (let draw = 1; ; draw++) {
      progress(draw === 1 ? 'copy' : 'redraw');
      if (db?.open) db.close();
      fs.rmSync(work, { force: true });
      const src = openSnapshotDb(input, { mode: 'readonly' });
      try {
        src.prepare('VACUUM INTO ?').run(work);
        if (options.verify !== false && original === null) {
          original = originalFigures(src, options.signal);
        }
      } finally {
        closeSnapshotDb(src);
      }
      db = openSnapshotDb(work, { mode: 'readwrite' });
      const { rewritten, dropped } = pseudonymize(db, new Keys(drawSecret(base, draw)), progress, options.signal);
      let verify: VerifyReport | null = null;
      if (original !== null) {
        progress('verify');
        verify = verifyCopy(original, db, options.signal);
        verify.draws = draw;
        if (verify.differences.length > 0) {
          // the matcher weighs its levels on random pairs, so a pair on the edge of the threshold
          // can cross it with one draw of pseudonyms and not with another: draw again
          if (draw < maxDraws) continue;
          throw new AppError(
            'ANONYMIZE_FAILED',
            `The anonymized copy would not give the same results with any of ${draw} draws of pseudonyms, so it was not written:\n  ${verify.differences.slice(0, 20).join('\n  ')}`,
          );
        }
      }
      progress('write');
      if (fs.existsSync(outTmp)) fs.rmSync(outTmp);
      db.prepare('VACUUM INTO ?').run(outTmp);
      if (fs.existsSync(output)) throw new AppError('CONFLICT', `${output} appeared while the copy was written; nothing was overwritten.`);
      fs.renameSync(outTmp, output);
      return { file: output, rewritten, dropped, verify, durationMs: Math.round(performance.now() - started) };
    }
  } catch (error) {
    if (error instanceof AnonymizeError) throw new AppError('ANONYMIZE_FAILED', `${error.message} Nothing was written.`);
    throw error;
  } finally {
    if (db?.open) db.close();
    fs.rmSync(workDir, { recursive: true, force: true });
    if (fs.existsSync(outTmp)) fs.rmSync(outTmp, { force: true });
  }
}
