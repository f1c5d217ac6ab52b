// runtime: node
/**
 * The writer-lock options of a job that edits a file named by path (the CLI's one-run modes): it waits
 * as asked (null: until the file is free), a cancel of the job ends the wait, and while it waits the
 * job's state names the holder (`waitingFor`), which the terminal prints.
 */
import { describeHolder, type AcquireOptions } from '../db/writer-lock';
import type { JobControl } from '../jobs/job-manager';

export function jobWriterLock(writer: string, waitSeconds: number | null, control: JobControl): AcquireOptions {
  return {
    command: writer,
    waitSeconds: waitSeconds ?? Infinity,
    signal: control.signal,
    onWait: (holder) => control.progress({ waitingFor: describeHolder(holder) }),
  };
}
