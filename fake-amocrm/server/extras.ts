// runtime: node
/**
 * The parts of an account AmoSweep does not clean but a real account has (issue 12 item 8):
 * customers, catalogs and their elements, webhooks, sources, unsorted entries and files attached
 * to entities. Kept apart from the core Store; seeded from FixtureSet.extras (the wild profile fills
 * customers and catalogs) and dumped back with it.
 */
import type { ApiObject, ExtraCollection, FixtureSet } from '../fixture-set';
import { IdTable } from './store';

export class ExtraStore {
  readonly customers: IdTable;
  readonly catalogs: IdTable;
  /** catalog id → its elements */
  readonly elements = new Map<number, IdTable>();
  readonly webhooks: IdTable;
  readonly sources: IdTable;
  /** unsorted entries by uid, in creation order */
  readonly unsorted = new Map<string, ApiObject>();
  /** `${entity}:${id}` → file uuids attached to that entity */
  readonly files = new Map<string, string[]>();
  /** one id sequence for catalog elements (ids are account-wide) */
  private nextElementId = 1;

  constructor(extras: FixtureSet['extras']) {
    const e = extras ?? {};
    this.customers = new IdTable(e.customers ?? []);
    this.catalogs = new IdTable(e.catalogs ?? []);
    for (const el of e.catalogs_elements ?? []) this.elementsOf(el.catalog_id as number).insert(el);
    this.webhooks = new IdTable(e.webhooks ?? []);
    this.sources = new IdTable(e.sources ?? []);
    for (const u of e.leads_unsorted ?? []) this.unsorted.set(String(u.uid), u);
    for (const f of e.entity_files ?? []) this.files.set(`${String(f.entity_type)}:${String(f.entity_id)}`, (f.file_uuids as string[] | undefined) ?? []);
    for (const table of this.elements.values()) this.nextElementId = Math.max(this.nextElementId, table.nextId);
  }

  elementsOf(catalogId: number): IdTable {
    let table = this.elements.get(catalogId);
    if (!table) this.elements.set(catalogId, (table = new IdTable()));
    return table;
  }

  allocateElementId(): number {
    return this.nextElementId++;
  }

  noteElementId(id: number): void {
    if (id >= this.nextElementId) this.nextElementId = id + 1;
  }

  toFixtureExtras(): Partial<Record<ExtraCollection, ApiObject[]>> {
    return {
      customers: this.customers.values(),
      catalogs: this.catalogs.values(),
      catalogs_elements: [...this.elements.values()].flatMap((t) => t.values()),
      webhooks: this.webhooks.values(),
      sources: this.sources.values(),
      leads_unsorted: [...this.unsorted.values()],
      entity_files: [...this.files].map(([key, uuids]) => {
        const [entityType, id] = key.split(':');
        return { entity_type: entityType, entity_id: Number(id), file_uuids: uuids };
      }),
    };
  }
}
