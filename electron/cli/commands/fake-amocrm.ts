// runtime: node
import path from 'node:path';
import { dumpFixtureDir, loadFixtureDir, loadFixtureTruth, parseFaultSpec, startFakeAmo, type FaultSpec, type FixtureSet, type Truth } from '../../../fake-amocrm/index';
import { numberOption, parseCommandArgs } from '../args';
import { UsageError, type CliCommand } from '../command';

const usage = `Usage: amosweep fake-amocrm [options]

Serves a fake amoCRM API v4 on 127.0.0.1 (the demo account, and the test double for QA).
Prints one JSON line when ready: {"url","subdomain","token","clientId","clientSecret","authCode"},
then serves until Ctrl-C (SIGINT) or SIGTERM. The control API is under URL/__fake/
(stats, truth, reset, config, unban, state, dump, tokens); see fake-amocrm/README.md.

Account (default: the generated "reference" profile):
  --profile NAME         generated profile: reference (default) or wild (every field type, 10+ phones,
                         trashed entities, renamed 142/143, unsorted leads, …: fake-amocrm/generator/wild.ts)
  --scale S              multiply every count of the profile (default 1; e.g. 0.01 for a small account)
  --seed N               generator seed (default 42)
  --as-of ISO            the moment the account's history ends (default: now)
  --fixture DIR          load the account from a fixture directory instead (account.json + <collection>.json,
                         truth.json when present)
  --dump DIR             write the loaded/generated state to DIR (same format) at startup

Server:
  --port N               port (default 0 = a random free port)
  --subdomain NAME       account subdomain (default: the account's)
  --rps N                requests per second per token (default 7; 0 = unlimited)
  --rate-model MODEL     bucket (default: nginx-like token bucket, burst N) or window (never more than
                         N accepted requests in any sliding 1-second window)
  --account-rps N        requests per second per account (default 50; 0 = unlimited)
  --ban-after N          after N 429s within --ban-window-ms every request answers 403 HTML (default 0 = never)
  --ban-window-ms MS     window of the ban counter (default 60000)
  --json-429             answer 429 with problem+json instead of the nginx HTML page
  --retry-after S        with --json-429: put "retry_after": S in the 429 body (default: absent; UNCONFIRMED)
  --missing-entity CODE  GET of a missing lead/contact/company by id: 404 (default) or 204
  --limit-overflow MODE  limit above 250 (events: 100): cap (default), fallback50 or error (400)
  --unpaid               the account is unpaid: every authorized /api/v4 request answers 402
  --churn                the account changes while read: each later page of leads, contacts or
                         companies first renames an entity already served and trashes one not yet
                         served (default: on for --profile wild, off otherwise; --no-churn turns it off)
  --batch-overflow CODE  a write batch over 250 items: 422 (default, "Limit 250 per page") or 400
  --private-endpoints    serve the PRIVATE, undocumented /ajax/ delete and merge endpoints
  --merge-delay-ms MS    delay before an accepted (202) private merge is applied (default 50)
  --faults SPEC          fault injection, comma-separated key=value:
                           latency=MS    added delay per request
                           jitter=MS     ± uniform jitter around latency
                           5xx=F         fraction of requests answered 500/502/503/504
                           malformed=F   fraction of JSON bodies that are not valid JSON
                           truncate=F    fraction of JSON bodies cut off (connection closed)
                           reset=F       fraction of connections reset without a response
                           seed=N        seed: the same seed replays the same faults
                         e.g. --faults latency=50,jitter=10,5xx=0.1,malformed=0.05,truncate=0.05,reset=0.02,seed=1
`;

type GenerateAccount = (opts: { profile: 'reference' | 'wild'; scale: number; seed: number; asOf: Date }) => { fixtures: FixtureSet; truth: Truth };

async function loadGenerator(): Promise<GenerateAccount> {
  const mod = (await import('../../../fake-amocrm/generator/index')) as { generateAccount: GenerateAccount };
  return mod.generateAccount;
}

export const command: CliCommand = {
  name: 'fake-amocrm',
  summary: 'Serve a fake amoCRM API v4 (the demo account) on 127.0.0.1',
  usage,
  async run(argv, io) {
    const { values, help } = parseCommandArgs(
      argv,
      {
        port: { type: 'string' },
        profile: { type: 'string' },
        scale: { type: 'string' },
        seed: { type: 'string' },
        'as-of': { type: 'string' },
        fixture: { type: 'string' },
        dump: { type: 'string' },
        subdomain: { type: 'string' },
        rps: { type: 'string' },
        'rate-model': { type: 'string' },
        'account-rps': { type: 'string' },
        'ban-after': { type: 'string' },
        'ban-window-ms': { type: 'string' },
        'json-429': { type: 'boolean' },
        'retry-after': { type: 'string' },
        'missing-entity': { type: 'string' },
        'limit-overflow': { type: 'string' },
        'private-endpoints': { type: 'boolean' },
        unpaid: { type: 'boolean' },
        churn: { type: 'boolean' },
        'no-churn': { type: 'boolean' },
        'batch-overflow': { type: 'string' },
        'merge-delay-ms': { type: 'string' },
        faults: { type: 'string' },
      },
      { min: 0, max: 0 },
    );
    if (help) {
      io.stdout(usage);
      return 0;
    }
    const port = numberOption('port', values.port, { min: 0, max: 65535, integer: true }) ?? 0;
    const rps = numberOption('rps', values.rps, { min: 0, max: 100000 }) ?? 7;
    const accountRps = numberOption('account-rps', values['account-rps'], { min: 0, max: 100000 }) ?? 50;
    const banAfter = numberOption('ban-after', values['ban-after'], { min: 0, max: 1_000_000, integer: true }) ?? 0;
    const banWindowMs = numberOption('ban-window-ms', values['ban-window-ms'], { min: 1, max: 86_400_000, integer: true }) ?? 60_000;
    const mergeDelayMs = numberOption('merge-delay-ms', values['merge-delay-ms'], { min: 0, max: 3_600_000, integer: true }) ?? 50;
    let faults: FaultSpec = {};
    if (values.faults !== undefined) {
      try {
        faults = parseFaultSpec(values.faults);
      } catch (error) {
        throw new UsageError(`--faults: ${(error as Error).message}`);
      }
    }
    const missingRaw = values['missing-entity'];
    if (missingRaw !== undefined && missingRaw !== '404' && missingRaw !== '204') throw new UsageError('--missing-entity must be 404 or 204.');
    const missingEntity = missingRaw === '204' ? 204 : 404;
    const rateModel = values['rate-model'] ?? 'bucket';
    if (rateModel !== 'bucket' && rateModel !== 'window') throw new UsageError('--rate-model must be bucket or window.');
    const overflow = values['limit-overflow'] ?? 'cap';
    if (overflow !== 'cap' && overflow !== 'fallback50' && overflow !== 'error') throw new UsageError('--limit-overflow must be cap, fallback50 or error.');

    const batchRaw = values['batch-overflow'];
    if (batchRaw !== undefined && batchRaw !== '422' && batchRaw !== '400') throw new UsageError('--batch-overflow must be 422 or 400.');
    const batchOverflow = batchRaw === '400' ? 400 : 422;

    let fixtures: FixtureSet;
    let truth: Truth | undefined;
    let wild = false;
    if (values.fixture !== undefined) {
      for (const flag of ['profile', 'scale', 'seed', 'as-of'] as const) if (values[flag] !== undefined) throw new UsageError(`--${flag} generates an account; it cannot be combined with --fixture.`);
      const dir = path.resolve(values.fixture);
      fixtures = loadFixtureDir(dir);
      truth = loadFixtureTruth(dir);
    } else {
      const profile = values.profile ?? 'reference';
      if (profile !== 'reference' && profile !== 'wild') throw new UsageError(`Unknown --profile "${profile}" (known: reference, wild).`);
      wild = profile === 'wild';
      const scale = numberOption('scale', values.scale, { min: 0.0001, max: 100 }) ?? 1;
      const seed = numberOption('seed', values.seed, { min: 0, max: 2 ** 32 - 1, integer: true }) ?? 42;
      const asOf = values['as-of'] !== undefined ? new Date(values['as-of']) : new Date();
      if (Number.isNaN(asOf.getTime())) throw new UsageError(`--as-of must be an ISO 8601 moment, got "${values['as-of'] ?? ''}".`);
      const started = Date.now();
      const generateAccount = await loadGenerator();
      ({ fixtures, truth } = generateAccount({ profile, scale, seed, asOf }));
      io.stderr(`fake-amocrm: generated the ${profile} profile (scale ${scale}, seed ${seed}, as of ${asOf.toISOString()}) in ${Date.now() - started} ms\n`);
    }
    if (values.dump !== undefined) {
      const dir = path.resolve(values.dump);
      dumpFixtureDir(dir, fixtures, truth);
      io.stderr(`fake-amocrm: wrote the account to ${dir}\n`);
    }
    const server = await startFakeAmo({
      fixtures,
      ...(truth ? { truth } : {}),
      port,
      host: '127.0.0.1',
      ...(values.subdomain !== undefined ? { subdomain: values.subdomain } : {}),
      rateModel,
      rps,
      accountRps,
      banAfter,
      banWindowMs,
      faults,
      json429: values['json-429'] === true,
      retryAfter: numberOption('retry-after', values['retry-after'], { min: 0, max: 86_400, integer: true }) ?? 0,
      missingEntity,
      limitOverflow: overflow,
      privateEndpoints: values['private-endpoints'] === true,
      mergeDelayMs,
      unpaid: values.unpaid === true,
      churn: values['no-churn'] === true ? false : values.churn === true || wild,
      batchOverflow,
    });
    io.stdout(
      `${JSON.stringify({ url: server.url, subdomain: server.subdomain, token: server.token, clientId: server.clientId, clientSecret: server.clientSecret, authCode: server.authCode })}\n`,
    );
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    io.stderr('fake-amocrm: stopped\n');
    return 0;
  },
};
