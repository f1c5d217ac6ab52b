// runtime: node
import path from 'node:path';
import type { JobState } from '../../../shared/api/jobs';
import { cliApi } from '../api';
import { parseCommandArgs } from '../args';
import type { CliCommand } from '../command';

const usage = `Usage: amosweep anonymize IN OUT [options]

Writes OUT, a new snapshot file in which names, phones, e-mails, addresses and free text
(notes, task texts, deal names, raw JSON) are replaced by stable pseudonyms, for an outside
auditor. The same value always gets the same pseudonym inside OUT; the key is random and is
never written anywhere, so two copies of one file do not share pseudonyms.

Every audit figure and every duplicate group of OUT equals IN's: the audit and the matcher run
on both before OUT is written, and a copy that would differ is refused (exit 1). Change plans,
before-images and stored match runs are not copied (they hold values as written to amoCRM).
IN is only read; OUT must not exist. OUT is written in one go (VACUUM INTO), without free pages.

Options:
  --no-verify   skip the audit and matcher comparison (faster; the copy is not proven)
  --json        print {"file", "rewritten", "dropped", "verify", "durationMs"} as one JSON object
`;

interface AnonymizeOutput {
  file: string;
  rewritten: Record<string, number>;
  dropped: Record<string, number>;
  verify: { findings: number; groups: { contacts: number; companies: number }; draws?: number } | null;
  durationMs: number;
}

const ORDER = ['copy', 'collect', 'rewrite', 'verify', 'write'];

/**
 * The job's stages as they start, one call each: the step that turns 'running'. The job shows
 * a new draw of pseudonyms as "collect" running again after "verify": told here as 'redraw'.
 */
function progressLines(say: (step: string) => void): (job: JobState) => void {
  let last: string | null = null;
  return (job) => {
    if (job.kind !== 'export') return;
    const running = job.steps.find((s) => s.status === 'running')?.key.replace(/^anonymize\./, '') ?? null;
    if (running === null || running === last) return;
    if (running === 'collect' && last !== null && ORDER.indexOf(last) > ORDER.indexOf('collect')) say('redraw');
    last = running;
    say(running);
  };
}

export const command: CliCommand = {
  name: 'anonymize',
  summary: 'Write an anonymized copy of a snapshot for outside auditors (same figures)',
  usage,
  async run(argv, io) {
    const { values, positionals, help } = parseCommandArgs(argv, { json: { type: 'boolean' }, 'no-verify': { type: 'boolean' } }, { min: 2, max: 2 });
    if (help) {
      io.stdout(usage);
      return 0;
    }
    const steps: Record<string, string> = {
      copy: 'copying', collect: 'reading values', redraw: 'the copy did not give the same results: drawing new pseudonyms', rewrite: 'writing pseudonyms', verify: 'comparing the audit and the matcher', write: 'writing the file',
    };
    const api = cliApi();
    let result: AnonymizeOutput;
    const stop = api.onJob(progressLines((step) => io.stderr(`anonymize: ${steps[step] ?? step}…\n`)));
    try {
      const { jobId } = await api.call('snapshot.anonymize', { source: path.resolve(positionals[0]!), file: path.resolve(positionals[1]!), verify: values['no-verify'] !== true });
      result = (await api.job(jobId, io.signal)) as unknown as AnonymizeOutput;
    } finally {
      stop();
      api.close();
    }
    if (values.json) {
      io.stdout(`${JSON.stringify(result)}\n`);
      return 0;
    }
    const rows = Object.entries(result.rewritten).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`).join(', ');
    io.stdout(
      [
        `Wrote ${result.file}`,
        `  rewritten: ${rows || 'nothing'}`,
        result.verify
          ? `  verified:  ${result.verify.findings} audit findings and ${result.verify.groups.contacts} contact / ${result.verify.groups.companies} company duplicate groups are the same${(result.verify.draws ?? 1) > 1 ? ` (draw ${result.verify.draws} of pseudonyms)` : ''}`
          : '  verified:  no (--no-verify)',
        '',
      ].join('\n'),
    );
    return 0;
  },
};
