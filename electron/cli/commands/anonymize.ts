// runtime: node
import path from 'node:path';
import { anonymizeSnapshot } from '../../services/anonymize/copy';
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
    const result = await anonymizeSnapshot(path.resolve(positionals[0]!), path.resolve(positionals[1]!), {
      verify: values['no-verify'] !== true,
      onProgress: (step) => io.stderr(`anonymize: ${steps[step] ?? step}…\n`),
      signal: io.signal,
    });
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
