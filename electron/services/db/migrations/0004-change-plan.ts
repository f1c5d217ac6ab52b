// runtime: node
/**
 * 0004: the change plan and its journal. Every write AmoSweep sends to amoCRM is an
 * operation of a plan; every write request is a batch of the journal (pending → sent →
 * confirmed), and every entity touched has its before-image here, taken from the server
 * right before the write. A rollback is a plan of its own (kind 'rollback').
 */
export const migration0004 = {
  id: 4,
  name: 'change-plan',
  up: `
CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL DEFAULT 'forward',          -- forward | rollback
  rollback_of INTEGER REFERENCES plans(id),      -- the plan a rollback plan undoes
  status TEXT NOT NULL DEFAULT 'open',           -- open | running | done | failed | cancelled
  title TEXT,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  options TEXT                                   -- JSON
) STRICT;

CREATE TABLE plan_operations (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  kind TEXT NOT NULL,                            -- fill.loss_reason | normalize.phones | ... | revert.* (rollback plans)
  entity_type TEXT NOT NULL,                     -- leads | contacts | companies | tasks | custom_fields
  entity_id INTEGER NOT NULL,
  params TEXT NOT NULL,                          -- JSON, per kind
  source TEXT,                                   -- where it came from: finding id, fix intent, merge decision
  status TEXT NOT NULL DEFAULT 'planned',        -- planned | batched | applied | conflict | skipped | failed
  batch_id INTEGER,                              -- the write batch that carried it
  after_updated_at INTEGER,                      -- the entity's updated_at right after our write
  result TEXT,                                   -- JSON: conflict or error detail, created ids
  reverts INTEGER REFERENCES plan_operations(id) -- rollback plans: the operation this one undoes
) STRICT;
CREATE INDEX plan_operations_plan ON plan_operations(plan_id, status);
CREATE INDEX plan_operations_entity ON plan_operations(entity_type, entity_id);
CREATE INDEX plan_operations_batch ON plan_operations(batch_id);

CREATE TABLE push_batches (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  kind TEXT NOT NULL,                            -- the operation kind of every operation in it
  entity_type TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',        -- pending | sent | confirmed | failed
  request TEXT,                                  -- JSON: the write request as sent (method, path, body)
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  confirmed_at INTEGER,
  error TEXT
) STRICT;
CREATE INDEX push_batches_plan ON push_batches(plan_id, status);

CREATE TABLE before_images (
  op_id INTEGER NOT NULL REFERENCES plan_operations(id),
  entity_type TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  image TEXT NOT NULL,                           -- JSON as read from the server before the write
  taken_at INTEGER NOT NULL,
  PRIMARY KEY (op_id, entity_type, entity_id)
) STRICT;

-- the newest updated_at AmoSweep knows for an entity it wrote to (directly, or by linking to it):
-- the next operation on the entity expects this version instead of the snapshot's
CREATE TABLE entity_versions (
  entity_type TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (entity_type, entity_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE push_runs (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  status TEXT NOT NULL DEFAULT 'running',        -- running | done | failed | cancelled
  requests INTEGER NOT NULL DEFAULT 0,
  rejected429 INTEGER NOT NULL DEFAULT 0,
  error TEXT
) STRICT;
`,
} as const;
