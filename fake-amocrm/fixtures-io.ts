// runtime: node
/**
 * Reading and writing a FixtureSet as a directory of JSON files: one array per
 * collection (<collection>.json) plus account.json. A missing file is an empty
 * collection; a malformed file fails with a message naming the file, the item and
 * the problem.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { COLLECTION_FILES, EXTRA_FILES, emptyCollections, type ApiObject, type CollectionFile, type FixtureSet } from './fixture-set';
import type { Truth } from './truth';

const intId = z.number().int();
const idRef = z.looseObject({ id: intId });
const tagRef = z.looseObject({ id: intId, name: z.string() });
const cfv = z.array(z.looseObject({ field_id: intId, values: z.array(z.looseObject({})).nullable() })).nullable().optional();

const entityBase = {
  id: intId,
  updated_at: z.number().int().optional(),
  created_at: z.number().int().optional(),
  custom_fields_values: cfv,
};

const SHAPES: Record<CollectionFile, z.ZodType> = {
  leads: z.looseObject({
    ...entityBase,
    _embedded: z
      .looseObject({
        contacts: z.array(z.looseObject({ id: intId, is_main: z.boolean().optional() })).optional(),
        companies: z.array(idRef).optional(),
        tags: z.array(tagRef).optional(),
      })
      .optional(),
  }),
  contacts: z.looseObject({
    ...entityBase,
    _embedded: z.looseObject({ companies: z.array(idRef).optional(), tags: z.array(tagRef).optional(), leads: z.array(idRef).optional() }).optional(),
  }),
  companies: z.looseObject({
    ...entityBase,
    _embedded: z
      .looseObject({ tags: z.array(tagRef).optional(), leads: z.array(idRef).optional(), contacts: z.array(idRef).optional() })
      .optional(),
  }),
  tasks: z.looseObject({ id: intId }),
  users: z.looseObject({ id: intId, name: z.string().optional(), rights: z.looseObject({}).optional() }),
  roles: z.looseObject({ id: intId }),
  events: z.looseObject({ id: z.union([z.string(), intId]), type: z.string(), created_at: z.number().int() }),
  leads_pipelines: z.looseObject({
    id: intId,
    _embedded: z.looseObject({ statuses: z.array(z.looseObject({ id: intId })) }).optional(),
  }),
  leads_loss_reasons: z.looseObject({ id: intId, name: z.string() }),
  leads_custom_fields: z.looseObject({ id: intId, type: z.string() }),
  contacts_custom_fields: z.looseObject({ id: intId, type: z.string() }),
  companies_custom_fields: z.looseObject({ id: intId, type: z.string() }),
  leads_custom_fields_groups: z.looseObject({ id: z.union([z.string(), intId]) }),
  contacts_custom_fields_groups: z.looseObject({ id: z.union([z.string(), intId]) }),
  companies_custom_fields_groups: z.looseObject({ id: z.union([z.string(), intId]) }),
  leads_tags: z.looseObject({ id: intId, name: z.string() }),
  contacts_tags: z.looseObject({ id: intId, name: z.string() }),
  companies_tags: z.looseObject({ id: intId, name: z.string() }),
  leads_notes: z.looseObject({ id: intId, entity_id: intId }),
  contacts_notes: z.looseObject({ id: intId, entity_id: intId }),
  companies_notes: z.looseObject({ id: intId, entity_id: intId }),
};

const ACCOUNT_SHAPE = z.looseObject({ id: intId });

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? `field "${issue.path.join('.')}"` : 'the item';
  return `${where}: ${issue.message}`;
}

function readJson(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`Fixture ${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

/** Checks one collection's items; throws naming the file, the item index (and id) and the problem. */
export function validateCollection(name: CollectionFile, items: unknown, fileLabel: string = `${name}.json`): ApiObject[] {
  if (!Array.isArray(items)) throw new Error(`Fixture ${fileLabel}: expected a JSON array of objects, got ${items === null ? 'null' : typeof items}`);
  const shape = SHAPES[name];
  const seen = new Set<unknown>();
  items.forEach((item: unknown, index: number) => {
    const result = shape.safeParse(item);
    const idText = item !== null && typeof item === 'object' && 'id' in item ? ` (id ${JSON.stringify((item as { id: unknown }).id)})` : '';
    if (!result.success) {
      const first = result.error.issues[0];
      throw new Error(`Fixture ${fileLabel}: item ${index}${idText}: ${first ? describeIssue(first) : 'invalid'}`);
    }
    const id = (item as { id: unknown }).id;
    if (seen.has(id)) throw new Error(`Fixture ${fileLabel}: item ${index}${idText}: duplicate id`);
    seen.add(id);
  });
  return items as ApiObject[];
}

export function validateAccount(account: unknown, fileLabel = 'account.json'): ApiObject {
  const result = ACCOUNT_SHAPE.safeParse(account);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new Error(`Fixture ${fileLabel}: ${first ? describeIssue(first) : 'invalid'}`);
  }
  return account as ApiObject;
}

/** Loads a fixture directory. account.json is required; every collection file is optional. */
export function loadFixtureDir(dir: string): FixtureSet {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`Fixture directory not found: ${dir}`);
  const accountFile = path.join(dir, 'account.json');
  if (!fs.existsSync(accountFile)) throw new Error(`Fixture ${accountFile}: missing (account.json is required)`);
  const account = validateAccount(readJson(accountFile), accountFile);
  const collections = emptyCollections();
  for (const name of COLLECTION_FILES) {
    const file = path.join(dir, `${name}.json`);
    if (!fs.existsSync(file)) continue;
    collections[name] = validateCollection(name, readJson(file), file);
  }
  // customers, catalogs, …: optional arrays of objects, kept as they are
  const extras: NonNullable<FixtureSet['extras']> = {};
  for (const name of EXTRA_FILES) {
    const file = path.join(dir, `${name}.json`);
    if (!fs.existsSync(file)) continue;
    const items = readJson(file);
    if (!Array.isArray(items) || items.some((x) => x === null || typeof x !== 'object' || Array.isArray(x))) throw new Error(`Fixture ${file}: not an array of objects`);
    extras[name] = items as ApiObject[];
  }
  return Object.keys(extras).length > 0 ? { account, collections, extras } : { account, collections };
}

/** truth.json of a fixture directory (written by the generator), when present */
export function loadFixtureTruth(dir: string): Truth | undefined {
  const file = path.join(dir, 'truth.json');
  if (!fs.existsSync(file)) return undefined;
  const truth = readJson(file);
  if (truth === null || typeof truth !== 'object' || typeof (truth as { asOf?: unknown }).asOf !== 'string' || typeof (truth as { counts?: unknown }).counts !== 'object') {
    throw new Error(`Fixture ${file}: not a truth object (needs asOf and counts)`);
  }
  return truth as Truth;
}

/** Writes a FixtureSet in the same format loadFixtureDir reads (one file per collection + account.json, truth.json when given). */
export function dumpFixtureDir(dir: string, set: FixtureSet, truth?: Truth): void {
  fs.mkdirSync(dir, { recursive: true });
  if (truth) fs.writeFileSync(path.join(dir, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'account.json'), `${JSON.stringify(set.account, null, 1)}\n`);
  const files: [string, ApiObject[]][] = [
    ...COLLECTION_FILES.map((name): [string, ApiObject[]] => [name, set.collections[name]]),
    ...EXTRA_FILES.flatMap((name): [string, ApiObject[]][] => (set.extras?.[name] ? [[name, set.extras[name]]] : [])),
  ];
  for (const [name, items] of files) {
    // one object per line: readable, diffable and still fast for large collections
    const fd = fs.openSync(path.join(dir, `${name}.json`), 'w');
    try {
      if (items.length === 0) {
        fs.writeSync(fd, '[]\n');
      } else {
        fs.writeSync(fd, '[\n');
        let chunk = '';
        items.forEach((item, index) => {
          chunk += JSON.stringify(item) + (index < items.length - 1 ? ',\n' : '\n');
          if (chunk.length > 1 << 20) {
            fs.writeSync(fd, chunk);
            chunk = '';
          }
        });
        fs.writeSync(fd, `${chunk}]\n`);
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}
