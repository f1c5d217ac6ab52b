// runtime: common (no node, no DOM, no electron)
/**
 * The amoCRM API v4 wire types, shared by the product (snapshot reading) and the fake amoCRM.
 * An account as plain API objects: the format of --fixture DIR and --dump DIR, what the
 * demo generator produces and what the fake server serves. One array per collection,
 * named after its API path below /api/v4/ with '/' replaced by '_'. Each array holds the
 * objects exactly as the API returns them inside `_embedded` (links as the API shows them:
 * leads carry _embedded.contacts [{id, is_main}], _embedded.companies, _embedded.tags;
 * contacts carry _embedded.companies and _embedded.tags; reverse links are derived).
 */
export const COLLECTION_FILES = [
  'leads',
  'contacts',
  'companies',
  'tasks',
  'users',
  'roles',
  'events',
  'leads_pipelines',
  'leads_loss_reasons',
  'leads_custom_fields',
  'contacts_custom_fields',
  'companies_custom_fields',
  'leads_custom_fields_groups',
  'contacts_custom_fields_groups',
  'companies_custom_fields_groups',
  'leads_tags',
  'contacts_tags',
  'companies_tags',
  'leads_notes',
  'contacts_notes',
  'companies_notes',
] as const;

export type CollectionFile = (typeof COLLECTION_FILES)[number];

export type ApiObject = Record<string, unknown>;

/**
 * Collections a real account has that AmoSweep does not clean (customers, catalogs, …): optional, one file
 * each like the others (`catalogs_elements` holds every catalog's elements, each with its `catalog_id`;
 * `entity_files` holds `{entity_type, entity_id, file_uuids}`).
 */
export const EXTRA_FILES = ['customers', 'catalogs', 'catalogs_elements', 'webhooks', 'sources', 'leads_unsorted', 'entity_files'] as const;

export type ExtraCollection = (typeof EXTRA_FILES)[number];

export interface FixtureSet {
  /** The account object as GET /api/v4/account?with=task_types,users_groups returns it (file account.json). */
  account: ApiObject;
  collections: Record<CollectionFile, ApiObject[]>;
  extras?: Partial<Record<ExtraCollection, ApiObject[]>>;
}

export function emptyCollections(): Record<CollectionFile, ApiObject[]> {
  return Object.fromEntries(COLLECTION_FILES.map((name) => [name, [] as ApiObject[]])) as Record<CollectionFile, ApiObject[]>;
}
