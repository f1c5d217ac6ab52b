// runtime: node
import fs from 'node:fs';
import path from 'node:path';
import { cliApi } from '../api';
import { parseCommandArgs } from '../args';
import type { CliCommand } from '../command';
import type { ShapeNoteInfo } from '../../../shared/api/methods/snapshot';

const usage = `Usage: amosweep open FILE [--json]

Opens a snapshot file read-only (no credentials needed) and prints its metadata, counts and
the shapes of amoCRM's answers this version did not understand (kept raw in the file).
A corrupt, truncated or foreign file is refused (exit 1) and never modified.

Options:
  --json   print one JSON object
`;

function shapeLines(notes: readonly ShapeNoteInfo[]): string[] {
  if (notes.length === 0) return ['  shapes not understood: none'];
  return [
    `  shapes not understood (kept raw in the file): ${notes.length}`,
    ...notes.map((n) => `    ${n.collection}: ${n.kind} ${n.path} ×${n.count}, e.g. ${n.example.length > 80 ? `${n.example.slice(0, 80)}…` : n.example}`),
  ];
}

export const command: CliCommand = {
  name: 'open',
  summary: 'Show the metadata and counts of a snapshot file (read-only)',
  usage,
  async run(argv, io) {
    const { values, positionals, help } = parseCommandArgs(argv, { json: { type: 'boolean' } }, { min: 1, max: 1 });
    if (help) {
      io.stdout(usage);
      return 0;
    }
    const file = path.resolve(positionals[0]!);
    const api = cliApi();
    let info;
    try {
      // read-only: snapshot.open never writes the file ("edit" only means it is not locked for later writes)
      info = { ...(await api.call('snapshot.open', { file, access: 'edit' })), sizeBytes: fs.statSync(file).size };
    } finally {
      api.close();
    }
    if (values.json) {
      io.stdout(`${JSON.stringify(info)}\n`);
      return 0;
    }
    const when = (s: number | null) => (s === null ? '-' : new Date(s * 1000).toISOString());
    io.stdout(
      [
        `${info.file}`,
        `  account:   ${info.accountName ?? '-'} (${info.subdomain ?? '-'}, id ${info.accountId ?? '-'})`,
        `  taken:     ${when(info.startedAt)} → ${when(info.finishedAt)}${info.complete ? '' : ' (incomplete: run the snapshot again to resume)'}`,
        `  app:       ${info.appVersion ?? '-'}, schema ${info.schemaVersion}`,
        `  hash:      ${info.contentHash ?? '-'}`,
        `  counts:    ${Object.entries(info.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`,
        ...shapeLines(info.shapesNotUnderstood ?? []),
        '',
      ].join('\n'),
    );
    return 0;
  },
};
