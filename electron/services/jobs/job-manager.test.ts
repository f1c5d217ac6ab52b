// runtime: node
import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../shared/api/jobs';
import { EventBus } from '../events/event-bus';
import { JobManager } from './job-manager';

function setup() {
  const bus = new EventBus();
  const events: ApiEvent[] = [];
  bus.subscribe((e) => events.push(e));
  return { jobs: new JobManager(bus), events };
}

describe('JobManager', () => {
  it('runs a job to done with its result and emits its states', async () => {
    const { jobs, events } = setup();
    const started = jobs.start({
      kind: 'audit',
      titleKey: 'jobs.audit',
      run: async (c) => {
        c.step({ key: 'rules', done: 1, total: 2, status: 'running' });
        return { findings: 3 };
      },
    });
    const final = await jobs.wait(started.id);
    expect(final.status).toBe('done');
    expect(final.result).toEqual({ findings: 3 });
    expect(final.steps[0]?.key).toBe('rules');
    expect(events.at(-1)).toMatchObject({ type: 'job', job: { id: started.id, status: 'done' } });
  });

  it('pauses at a checkpoint, resumes, and cancels', async () => {
    const { jobs } = setup();
    let passed = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const job = jobs.start({
      kind: 'snapshot',
      titleKey: 'jobs.snapshot',
      run: async (c) => {
        await gate;
        for (;;) {
          await c.checkpoint();
          passed += 1;
          await new Promise((r) => setTimeout(r, 1));
        }
      },
    });
    expect(jobs.pause(job.id).status).toBe('paused');
    release();
    await new Promise((r) => setTimeout(r, 20));
    expect(passed).toBe(0);
    expect(jobs.resume(job.id).status).toBe('running');
    await new Promise((r) => setTimeout(r, 20));
    expect(passed).toBeGreaterThan(0);
    jobs.cancel(job.id);
    expect((await jobs.wait(job.id)).status).toBe('cancelled');
  });

  it('records a failure with its error code', async () => {
    const { jobs } = setup();
    const job = jobs.start({ kind: 'push', titleKey: 'x', run: async () => { throw new Error('network down'); } });
    const final = await jobs.wait(job.id);
    expect(final.status).toBe('failed');
    expect(final.error).toEqual({ code: 'INTERNAL', message: 'network down' });
  });
});
