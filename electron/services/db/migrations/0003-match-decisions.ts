// runtime: node
/**
 * 0003: duplicate matching. Each matching run keeps its groups (with their explanations) so the
 * review screen can list thousands of groups without matching again; decisions ("merge these
 * cards, this one survives, these values win" and "not a duplicate") are kept apart from runs,
 * keyed by entity ids, so they survive re-runs and snapshot refreshes. An undone decision stays
 * for the record with undone_at set. The change plan (0004) carries accepted merges out.
 */
export const migration0003 = {
  id: 3,
  name: 'match-decisions',
  up: `
CREATE TABLE match_runs (
  id INTEGER PRIMARY KEY,
  entity_type TEXT NOT NULL,          -- contacts | companies
  created_at INTEGER NOT NULL,        -- Unix seconds
  preset TEXT,                        -- strict | balanced | loose | custom
  rules TEXT NOT NULL,                -- JSON of the rules used
  app_version TEXT,
  duration_ms INTEGER,
  stats TEXT                          -- JSON: records, candidate pairs, links, groups, phases
) STRICT;
CREATE INDEX match_runs_entity ON match_runs(entity_type, id);

CREATE TABLE match_groups (
  run_id INTEGER NOT NULL REFERENCES match_runs(id) ON DELETE CASCADE,
  group_no INTEGER NOT NULL,
  entity_type TEXT NOT NULL,
  group_key TEXT NOT NULL,            -- sorted member ids joined by ',': stable across runs
  member_ids TEXT NOT NULL,           -- JSON array of entity ids
  size INTEGER NOT NULL,
  confidence REAL NOT NULL,           -- weakest link probability 0..1
  risk TEXT NOT NULL,                 -- JSON array of risk flags
  explanation TEXT NOT NULL,          -- JSON array of pair explanations of the links
  PRIMARY KEY (run_id, group_no)
) STRICT;
CREATE INDEX match_groups_key ON match_groups(entity_type, group_key);

CREATE TABLE match_decisions (
  id INTEGER PRIMARY KEY,
  entity_type TEXT NOT NULL,          -- contacts | companies
  kind TEXT NOT NULL,                 -- merge | not_duplicate
  group_key TEXT,                     -- the group it was taken on, if any
  member_ids TEXT NOT NULL,           -- JSON: every card the decision covers
  survivor_id INTEGER,                -- merge: the card that stays
  loser_ids TEXT,                     -- merge: JSON array of cards merged into the survivor
  survivor_rule TEXT,                 -- merge: most_deals | oldest | most_complete | latest_activity | manual
  field_choices TEXT,                 -- merge: JSON {field key: {from: card id, value}}; phones and e-mails are unioned
  confidence REAL,
  explanation TEXT,                   -- JSON: pair explanations when the decision was taken
  source TEXT NOT NULL DEFAULT 'review', -- review | bulk | cli
  created_at INTEGER NOT NULL,
  undone_at INTEGER
) STRICT;
CREATE INDEX match_decisions_active ON match_decisions(entity_type, kind, undone_at);

-- "not a duplicate", expanded to pairs (a < b) so a run can skip them at once
CREATE TABLE match_decision_pairs (
  decision_id INTEGER NOT NULL REFERENCES match_decisions(id) ON DELETE CASCADE,
  entity_type TEXT NOT NULL,
  a INTEGER NOT NULL,
  b INTEGER NOT NULL,
  PRIMARY KEY (decision_id, a, b)
) STRICT, WITHOUT ROWID;
CREATE INDEX match_decision_pairs_ab ON match_decision_pairs(entity_type, a, b);
`,
} as const;
