// runtime: node
/**
 * 0002: the audit's own records. Audit runs keep each finding's count so that a later
 * snapshot of the same account can show trends; fix intents record what the "Fix" button
 * asked for until the change plan (0004) takes them over.
 */
export const migration0002 = {
  id: 2,
  name: 'audit',
  up: `
CREATE TABLE audit_runs (
  id INTEGER PRIMARY KEY,
  created_at INTEGER NOT NULL,        -- when the audit ran (Unix seconds)
  as_of INTEGER NOT NULL,             -- where its windows ended
  app_version TEXT,
  duration_ms INTEGER,
  analytics TEXT                      -- JSON of the analytics, for trends
) STRICT;

CREATE TABLE audit_findings (
  run_id INTEGER NOT NULL REFERENCES audit_runs(id) ON DELETE CASCADE,
  finding_id TEXT NOT NULL,
  count INTEGER NOT NULL,
  groups INTEGER,
  total INTEGER,
  PRIMARY KEY (run_id, finding_id)
) STRICT;

CREATE TABLE audit_fix_intents (
  id INTEGER PRIMARY KEY,
  finding_id TEXT NOT NULL,
  operation TEXT NOT NULL,            -- e.g. fill.loss_reason, merge.contacts
  entity_type TEXT,
  entity_ids TEXT NOT NULL,           -- JSON array of the flagged ids at the time
  params TEXT,                        -- JSON, operation-specific
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',  -- pending | planned | dismissed
  plan_ref TEXT                       -- the change-plan operation that took it over
) STRICT;
CREATE INDEX audit_fix_intents_finding ON audit_fix_intents(finding_id);
`,
} as const;
