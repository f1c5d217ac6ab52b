// runtime: node (tooling)
/**
 * Only the operation registry knows the operation kinds (issue 14). The names of operation kinds
 * and plan requests are listed once, in shared/plan/operations.ts; this rule reads them from
 * there and refuses any string literal (or template text) that is one of them, or that quotes one
 * inside SQL ('merge.note'), anywhere it is enabled (everything but the registry, that list and
 * tests; see eslint.config.js). Code names a kind through the constants or asks the registry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const LIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../shared/plan/operations.ts');

/** every quoted 'word.word' of the list file: the kinds and the request names */
export function operationNames(text = fs.readFileSync(LIST, 'utf8')) {
  return [...new Set([...text.matchAll(/'([a-z_]+\.[a-z_]+)'/g)].map((m) => m[1]))];
}

const NAMES = new Set(operationNames());
const QUOTED = new RegExp(`'(${[...NAMES].map((n) => n.replace('.', '\\.')).join('|')})'`);

function offending(text) {
  if (typeof text !== 'string') return null;
  if (NAMES.has(text)) return text;
  const m = QUOTED.exec(text);
  return m ? m[1] : null;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Operation kinds and plan requests are named only by the registry and shared/plan/operations.ts' },
    schema: [],
    messages: {
      literal:
        '"{{name}}" is an operation kind or plan request: only the operation registry (electron/services/push/operations) knows kinds. Name it through shared/plan/operations.ts (PLAN_REQUEST, OPERATION_KINDS) or ask the registry.',
    },
  },
  create(context) {
    const report = (node, name) => context.report({ node, messageId: 'literal', data: { name } });
    return {
      Literal(node) {
        const name = offending(node.value);
        if (name) report(node, name);
      },
      TemplateElement(node) {
        const name = offending(node.value.cooked);
        if (name) report(node, name);
      },
    };
  },
};
