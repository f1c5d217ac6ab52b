// runtime: node (tooling)
/**
 * Every source file names its runtime in its first line, and the name must match
 * the folder it lives in (as Signal-Desktop and VS Code do). The boundaries between
 * runtimes are enforced by no-restricted-imports in eslint.config.js.
 */
const RUNTIME_BY_FOLDER = [
  ['shared/', 'common'],
  ['electron/main/', 'electron-main'],
  ['electron/preload/', 'electron-preload'],
  ['electron/', 'node'],
  ['fake-amocrm/', 'node'],
  // the Vite config is Node tooling that only builds the renderer
  ['renderer/vite.config.ts', 'node'],
  ['renderer/', 'browser'],
  ['e2e/', 'node'],
  ['bench/', 'node'],
  ['scripts/', 'node'],
  ['bin/', 'node'],
];

function expectedRuntime(filename) {
  const normalized = filename.replace(/\\/g, '/');
  for (const [folder, runtime] of RUNTIME_BY_FOLDER) {
    if (normalized.includes(`/${folder}`) || normalized.startsWith(folder)) return runtime;
  }
  return null;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'require a "// runtime: <name>" header that matches the folder' },
    schema: [],
    messages: {
      missing: 'The first line must name the runtime: "// runtime: {{runtime}}".',
      wrong: 'This file lives in a "{{runtime}}" folder but declares "{{declared}}".',
    },
  },
  create(context) {
    return {
      Program(node) {
        const runtime = expectedRuntime(context.filename);
        if (!runtime) return;
        const source = context.sourceCode.getText();
        const firstLine = source.replace(/^#!.*\n/, '').split('\n', 1)[0] ?? '';
        const match = /^\/\/ runtime: ([a-z-]+)/.exec(firstLine);
        if (!match) {
          context.report({ node, messageId: 'missing', data: { runtime } });
        } else if (match[1] !== runtime) {
          context.report({ node, messageId: 'wrong', data: { runtime, declared: match[1] } });
        }
      },
    };
  },
};
