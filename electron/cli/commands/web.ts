// runtime: node
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dispatch } from '../../../shared/api/dispatch';
import { createServices, defaultDataDir } from '../../services/api/create-services';
import { createFileLog } from '../../services/log/logger';
import { stopDemoServer } from '../../services/connections/demo';
import { startWebBridge } from '../../web/server';
import { numberOption, parseCommandArgs } from '../args';
import type { CliCommand } from '../command';

const usage = `Usage: amosweep web [--snapshot FILE] [--port N] [--data-dir DIR] [--open-demo] [--json]

Serves the AmoSweep UI and its API on 127.0.0.1 only, protected by a random token
that is new on every run, and prints the address to open in a browser.
Stops on Ctrl-C.

Options:
  --snapshot FILE   open this snapshot file read-only at start
  --port N          port to listen on (default: a free port)
  --data-dir DIR    folder of snapshot files (default: $AMOSWEEP_DATA_DIR or ~/AmoSweep)
  --open-demo       connect the built-in demo account at start
  --json            print one JSON line {url, token, port} on stdout instead of text
  --static-dir DIR  the built renderer to serve (default: renderer/dist of this checkout)
  -h, --help        show this help
`;

/** renderer/dist next to this checkout (electron/cli/commands → ../../../renderer/dist). */
export const defaultStaticDir = (): string =>
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../renderer/dist');

export const command: CliCommand = {
  name: 'web',
  summary: 'Serve the AmoSweep UI in a browser on 127.0.0.1',
  usage,
  async run(argv, io) {
    const { values, help } = parseCommandArgs(
      argv,
      {
        snapshot: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'open-demo': { type: 'boolean' },
        json: { type: 'boolean' },
        'static-dir': { type: 'string' },
      },
      { min: 0, max: 0 },
    );
    if (help) {
      io.stdout(usage);
      return 0;
    }
    const port = numberOption('port', values.port, { min: 0, max: 65535, integer: true }) ?? 0;
    const staticDir = path.resolve(values['static-dir'] ?? defaultStaticDir());
    if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
      io.stderr(
        `amosweep web: the UI is not built yet (${path.join(staticDir, 'index.html')} is missing).\n` +
          'Run "npm run build:renderer" first, or start with "npm run web", which builds it.\n',
      );
      return 1;
    }
    const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : undefined;
    // the log: <data dir>/logs/web.log, rotated at 5 MB ("Copy diagnostics" reads its end)
    const log = createFileLog(path.join(dataDir ?? defaultDataDir(), 'logs', 'web.log'));
    const { deps, handlers } = createServices({ transport: 'web', log, ...(dataDir ? { dataDir } : {}) });

    if (values.snapshot) {
      const file = path.resolve(values.snapshot);
      try {
        deps.session.open(file, { readOnly: true });
      } catch (error) {
        io.stderr(`amosweep web: cannot open snapshot ${file}: ${(error as Error).message}\n`);
        return 1;
      }
    }

    let demoConnectionId: string | undefined;
    if (values['open-demo']) {
      const result = await dispatch(handlers, 'connect.demo', {}, { transport: 'web' });
      if (!result.ok) {
        io.stderr(`amosweep web: cannot connect the demo account: [${result.error.code}] ${result.error.message}\n`);
        deps.session.close();
        await stopDemoServer();
        return 1;
      }
      demoConnectionId = (result.value as { id: string }).id;
    }

    let bridge;
    try {
      bridge = await startWebBridge({ handlers, events: deps.events, port, staticDir });
    } catch (error) {
      const code = (error as { code?: string }).code;
      const reason = code === 'EADDRINUSE' ? `port ${port} is already in use` : (error as Error).message;
      io.stderr(`amosweep web: cannot start the server: ${reason}\n`);
      deps.session.close();
      await stopDemoServer();
      return 1;
    }

    if (values.json) {
      io.stdout(`${JSON.stringify({ url: bridge.url, token: bridge.token, port: bridge.port, ...(demoConnectionId ? { demoConnectionId } : {}) })}\n`);
    } else {
      io.stdout(`AmoSweep is running at ${bridge.url}\n`);
      io.stderr('Open that address in a browser (it carries this run\'s access token). Press Ctrl-C to stop.\n');
    }

    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await bridge.close();
    await deps.jobs.shutdown();
    deps.session.close();
    // the demo account's fake amoCRM server (started by --open-demo or from the UI) would keep the process alive
    await stopDemoServer();
    if (!values.json) io.stderr('AmoSweep stopped.\n');
    return 0;
  },
};
