// runtime: node (tooling)
/**
 * The snapshot capability owns its core tables (issue 14): contacts, companies, leads, field_values,
 * tags, events... (every table created by migration 0001) are read and written only by
 * electron/services/snapshot/** (its store, electron/services/snapshot/store/, is how other
 * capabilities reach them) and the migrations. This rule reads the table names from migration 0001
 * and refuses, wherever it is enabled, a string or template text that names one of them in SQL
 * (after FROM, JOIN, INTO or UPDATE), and SQL that names its table through an interpolation
 * (`FROM ${entity}`), which no rule could check. Other capabilities call the store's typed functions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MIGRATION = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../electron/services/db/migrations/0001-snapshot-core.ts');

/** every table migration 0001 creates */
export function snapshotTables(text = fs.readFileSync(MIGRATION, 'utf8')) {
  return [...new Set([...text.matchAll(/CREATE TABLE\s+(?:IF NOT EXISTS\s+)?([a-z_]+)/g)].map((m) => m[1]))];
}

const TABLES = snapshotTables();
const NAMED = new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE)\\s+(?:main\\.)?(${TABLES.join('|')})\\b`);
const DYNAMIC = /\b(?:FROM|JOIN|INTO|UPDATE)\s+$/;

function named(text) {
  if (typeof text !== 'string') return null;
  const m = NAMED.exec(text);
  return m ? m[1] : null;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: "The snapshot's core tables are reached only through the snapshot store (electron/services/snapshot/store)" },
    schema: [],
    messages: {
      table:
        'SQL names the snapshot table "{{name}}": the snapshot capability owns its tables. Call a typed function of electron/services/snapshot/store instead (add one there if none fits).',
      dynamic:
        'SQL names its table through an interpolation: outside the snapshot capability every table is named literally, so the snapshot-tables rule can check it (snapshot tables: call electron/services/snapshot/store).',
    },
  },
  create(context) {
    return {
      Literal(node) {
        const name = named(node.value);
        if (name) context.report({ node, messageId: 'table', data: { name } });
      },
      TemplateElement(node) {
        const text = node.value.cooked;
        const name = named(text);
        if (name) context.report({ node, messageId: 'table', data: { name } });
        else if (!node.tail && typeof text === 'string' && DYNAMIC.test(text)) context.report({ node, messageId: 'dynamic' });
      },
    };
  },
};
