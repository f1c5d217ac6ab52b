// runtime: node
/**
 * The demo account: the fake amoCRM server started in this process with a generated
 * reference account (7 rps, like the real API). One per process; later calls reuse it.
 * Loaded lazily: the demo is the only production use of the fake server and the generator.
 */
import type { FakeAmoServer } from '../../../fake-amocrm/index';

let demo: Promise<FakeAmoServer & { scale: number }> | null = null;

export function startDemoServer(scale: number): Promise<FakeAmoServer & { scale: number }> {
  demo ??= (async () => {
    try {
      const { generateAccount } = await import('../../../fake-amocrm/generator/index');
      const { startFakeAmo } = await import('../../../fake-amocrm/index');
      const { fixtures, truth } = generateAccount({ profile: 'reference', scale, seed: 1, asOf: new Date() });
      const server = await startFakeAmo({ fixtures, truth, rps: 7 });
      return Object.assign(server, { scale });
    } catch (error) {
      demo = null;
      throw error;
    }
  })();
  return demo;
}

export async function stopDemoServer(): Promise<void> {
  const d = demo;
  demo = null;
  if (d) await (await d).close();
}
