// runtime: node
/**
 * 0001: the snapshot itself. Raw JSON of every entity sits next to normalized
 * columns and link tables, so that audit, matching and planning never need the API.
 * Timestamps are Unix seconds as amoCRM sends them.
 */
export const migration0001 = {
  id: 1,
  name: 'snapshot-core',
  up: `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT
) STRICT;

-- one row per collection: progress, resume cursor and refresh watermark
CREATE TABLE collections (
  name TEXT PRIMARY KEY,
  status TEXT NOT NULL DEFAULT 'pending',      -- pending | running | done
  cursor TEXT,                                   -- JSON: where to resume (next page URL or page number, filters)
  pages INTEGER NOT NULL DEFAULT 0,
  items INTEGER NOT NULL DEFAULT 0,
  started_at INTEGER,
  finished_at INTEGER,
  watermark INTEGER                              -- max updated_at seen, for refresh
) STRICT;

CREATE TABLE account (
  id INTEGER PRIMARY KEY,
  name TEXT,
  subdomain TEXT,
  created_at INTEGER,
  currency TEXT,
  raw TEXT NOT NULL
) STRICT;

CREATE TABLE task_types (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  code TEXT,
  raw TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT,
  email TEXT,
  is_admin INTEGER NOT NULL DEFAULT 0,
  is_active INTEGER NOT NULL DEFAULT 1,
  role_id INTEGER,
  group_id INTEGER,
  rights_leads_delete TEXT,        -- A | G | M | D
  rights_contacts_delete TEXT,
  rights_companies_delete TEXT,
  raw TEXT NOT NULL
) STRICT;

CREATE TABLE roles (
  id INTEGER PRIMARY KEY,
  name TEXT,
  raw TEXT NOT NULL
) STRICT;

CREATE TABLE pipelines (
  id INTEGER PRIMARY KEY,
  name TEXT,
  sort INTEGER,
  is_main INTEGER NOT NULL DEFAULT 0,
  is_archive INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL
) STRICT;

-- 142 and 143 appear in every pipeline with the same id, so the key is (pipeline_id, id)
CREATE TABLE statuses (
  pipeline_id INTEGER NOT NULL,
  id INTEGER NOT NULL,
  name TEXT,
  sort INTEGER,
  type INTEGER NOT NULL DEFAULT 0,  -- 0 working, 1 unsorted
  raw TEXT NOT NULL,
  PRIMARY KEY (pipeline_id, id)
) STRICT;

CREATE TABLE custom_fields (
  entity_type TEXT NOT NULL,        -- leads | contacts | companies
  id INTEGER NOT NULL,
  name TEXT,
  type TEXT,
  code TEXT,
  sort INTEGER,
  group_id TEXT,
  is_deletable INTEGER NOT NULL DEFAULT 1,
  is_api_only INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL,
  PRIMARY KEY (entity_type, id)
) STRICT;

CREATE TABLE custom_field_enums (
  entity_type TEXT NOT NULL,
  field_id INTEGER NOT NULL,
  id INTEGER NOT NULL,
  value TEXT,
  sort INTEGER,
  PRIMARY KEY (entity_type, field_id, id)
) STRICT;

CREATE TABLE custom_field_groups (
  entity_type TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT,
  raw TEXT NOT NULL,
  PRIMARY KEY (entity_type, id)
) STRICT;

CREATE TABLE tags (
  entity_type TEXT NOT NULL,
  id INTEGER NOT NULL,
  name TEXT NOT NULL,
  color TEXT,
  PRIMARY KEY (entity_type, id)
) STRICT;

CREATE TABLE loss_reasons (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  sort INTEGER,
  raw TEXT NOT NULL
) STRICT;

CREATE TABLE leads (
  id INTEGER PRIMARY KEY,
  name TEXT,
  price INTEGER,
  status_id INTEGER,
  pipeline_id INTEGER,
  responsible_user_id INTEGER,
  loss_reason_id INTEGER,
  source_id INTEGER,
  created_by INTEGER,
  created_at INTEGER,
  updated_at INTEGER,
  closed_at INTEGER,
  closest_task_at INTEGER,
  is_deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL
) STRICT;
CREATE INDEX leads_status ON leads(pipeline_id, status_id);
CREATE INDEX leads_updated ON leads(updated_at);

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  name TEXT,
  first_name TEXT,
  last_name TEXT,
  responsible_user_id INTEGER,
  created_by INTEGER,
  created_at INTEGER,
  updated_at INTEGER,
  closest_task_at INTEGER,
  is_deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL
) STRICT;
CREATE INDEX contacts_updated ON contacts(updated_at);

CREATE TABLE companies (
  id INTEGER PRIMARY KEY,
  name TEXT,
  responsible_user_id INTEGER,
  created_by INTEGER,
  created_at INTEGER,
  updated_at INTEGER,
  closest_task_at INTEGER,
  is_deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL
) STRICT;
CREATE INDEX companies_updated ON companies(updated_at);

CREATE TABLE lead_contacts (
  lead_id INTEGER NOT NULL,
  contact_id INTEGER NOT NULL,
  is_main INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (lead_id, contact_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX lead_contacts_contact ON lead_contacts(contact_id);

CREATE TABLE lead_companies (
  lead_id INTEGER NOT NULL,
  company_id INTEGER NOT NULL,
  PRIMARY KEY (lead_id, company_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX lead_companies_company ON lead_companies(company_id);

CREATE TABLE contact_companies (
  contact_id INTEGER NOT NULL,
  company_id INTEGER NOT NULL,
  PRIMARY KEY (contact_id, company_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_companies_company ON contact_companies(company_id);

CREATE TABLE entity_tags (
  entity_type TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  tag_id INTEGER NOT NULL,
  PRIMARY KEY (entity_type, entity_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX entity_tags_tag ON entity_tags(entity_type, tag_id);

-- one row per value of a custom field (multitext fields have several)
CREATE TABLE field_values (
  entity_type TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  field_id INTEGER NOT NULL,
  field_code TEXT,
  field_type TEXT,
  idx INTEGER NOT NULL,
  enum_id INTEGER,
  enum_code TEXT,
  value TEXT,
  PRIMARY KEY (entity_type, entity_id, field_id, idx)
) STRICT, WITHOUT ROWID;
CREATE INDEX field_values_field ON field_values(entity_type, field_id);
CREATE INDEX field_values_code ON field_values(field_code, entity_type);

CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  entity_type TEXT,
  entity_id INTEGER,
  responsible_user_id INTEGER,
  created_by INTEGER,
  task_type_id INTEGER,
  text TEXT,
  is_completed INTEGER NOT NULL DEFAULT 0,
  complete_till INTEGER,
  result_text TEXT,
  created_at INTEGER,
  updated_at INTEGER,
  raw TEXT NOT NULL
) STRICT;
CREATE INDEX tasks_entity ON tasks(entity_type, entity_id);

CREATE TABLE notes (
  entity_type TEXT NOT NULL,
  id INTEGER NOT NULL,
  entity_id INTEGER NOT NULL,
  note_type TEXT,
  created_by INTEGER,
  responsible_user_id INTEGER,
  created_at INTEGER,
  updated_at INTEGER,
  raw TEXT NOT NULL,
  PRIMARY KEY (entity_type, id)
) STRICT;
CREATE INDEX notes_entity ON notes(entity_type, entity_id);

CREATE TABLE events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  entity_type TEXT,
  entity_id INTEGER,
  created_by INTEGER,
  created_at INTEGER,
  value_after TEXT,
  value_before TEXT,
  raw TEXT NOT NULL
) STRICT;
CREATE INDEX events_entity ON events(entity_type, entity_id);
CREATE INDEX events_type ON events(type, created_at);
`,
} as const;
