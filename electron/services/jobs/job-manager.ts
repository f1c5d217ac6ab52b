// runtime: node
import { randomUUID } from 'node:crypto';
import type { JobKind, JobState, JobStep } from '../../../shared/api/jobs';
import { AppError } from '../../../shared/api/result';
import { toFailure } from '../../../shared/api/dispatch';
import type { EventBus } from '../events/event-bus';

/** What a running job can do: report progress, honour pause and cancel. */
export interface JobControl {
  readonly id: string;
  readonly signal: AbortSignal;
  /** Replace or add a step's progress (keyed by step.key). */
  step(step: JobStep): void;
  /** Overall progress, ETA and rate. */
  progress(update: Partial<Pick<JobState, 'fraction' | 'etaSeconds' | 'rate' | 'requests' | 'waitingFor'>>): void;
  /** Resolves at once when running; waits while paused; throws CANCELLED when cancelled. */
  checkpoint(): Promise<void>;
}

export interface StartJobOptions {
  kind: JobKind;
  titleKey: string;
  titleParams?: Record<string, string | number>;
  canPause?: boolean;
  run: (control: JobControl) => Promise<Record<string, unknown> | void>;
}

interface Entry {
  state: JobState;
  abort: AbortController;
  paused: boolean;
  resumeWaiters: (() => void)[];
  done: Promise<JobState>;
  lastEmit: number;
  emitTimer: NodeJS.Timeout | null;
}

const EMIT_INTERVAL_MS = 150;
const KEEP_FINISHED = 50;

/** Runs long work off the request path; every transport sees the same jobs. */
export class JobManager {
  private readonly jobs = new Map<string, Entry>();

  constructor(private readonly events: EventBus) {}

  list(): JobState[] {
    return [...this.jobs.values()].map((e) => structuredClone(e.state));
  }

  get(id: string): JobState {
    return structuredClone(this.entry(id).state);
  }

  /** Resolves with the final state (done, failed or cancelled). */
  wait(id: string): Promise<JobState> {
    return this.entry(id).done;
  }

  start(options: StartJobOptions): JobState {
    const id = randomUUID();
    const abort = new AbortController();
    const state: JobState = {
      id,
      kind: options.kind,
      titleKey: options.titleKey,
      ...(options.titleParams ? { titleParams: options.titleParams } : {}),
      status: 'running',
      startedAt: Date.now(),
      fraction: null,
      etaSeconds: null,
      steps: [],
      canPause: options.canPause ?? true,
      canCancel: true,
    };
    let resolveDone!: (s: JobState) => void;
    const entry: Entry = {
      state,
      abort,
      paused: false,
      resumeWaiters: [],
      done: new Promise<JobState>((r) => (resolveDone = r)),
      lastEmit: 0,
      emitTimer: null,
    };
    this.jobs.set(id, entry);
    this.prune();
    const control: JobControl = {
      id,
      signal: abort.signal,
      step: (step) => {
        const i = state.steps.findIndex((s) => s.key === step.key);
        const before = i >= 0 ? state.steps[i]!.status : undefined;
        if (i >= 0) state.steps[i] = step;
        else state.steps.push(step);
        // a step that starts or ends is told at once (a listener sees every stage, even a short one); counts are throttled
        if (before !== step.status) this.emitNow(entry);
        else this.emitSoon(entry);
      },
      progress: (update) => {
        Object.assign(state, update);
        this.emitSoon(entry);
      },
      checkpoint: async () => {
        if (abort.signal.aborted) throw new AppError('CANCELLED', 'Cancelled');
        while (entry.paused) {
          await new Promise<void>((r) => entry.resumeWaiters.push(r));
          if (abort.signal.aborted) throw new AppError('CANCELLED', 'Cancelled');
        }
      },
    };
    this.emitNow(entry);
    void (async () => {
      try {
        const result = await options.run(control);
        if (abort.signal.aborted) throw new AppError('CANCELLED', 'Cancelled');
        state.status = 'done';
        state.fraction = 1;
        state.etaSeconds = 0;
        if (result) state.result = result;
      } catch (error) {
        const failure = toFailure(error);
        const cancelled = abort.signal.aborted || (!failure.ok && failure.error.code === 'CANCELLED');
        state.status = cancelled ? 'cancelled' : 'failed';
        if (!failure.ok && !cancelled) state.error = failure.error;
      } finally {
        state.finishedAt = Date.now();
        state.canCancel = false;
        state.canPause = false;
        this.emitNow(entry);
        resolveDone(structuredClone(state));
      }
    })();
    return structuredClone(state);
  }

  cancel(id: string): JobState {
    const entry = this.entry(id);
    if (entry.state.canCancel) {
      entry.abort.abort();
      entry.paused = false;
      for (const r of entry.resumeWaiters.splice(0)) r();
    }
    return structuredClone(entry.state);
  }

  pause(id: string): JobState {
    const entry = this.entry(id);
    if (entry.state.status === 'running' && entry.state.canPause) {
      entry.paused = true;
      entry.state.status = 'paused';
      this.emitNow(entry);
    }
    return structuredClone(entry.state);
  }

  resume(id: string): JobState {
    const entry = this.entry(id);
    if (entry.state.status === 'paused') {
      entry.paused = false;
      entry.state.status = 'running';
      for (const r of entry.resumeWaiters.splice(0)) r();
      this.emitNow(entry);
    }
    return structuredClone(entry.state);
  }

  /** Cancels every job and waits for them (app shutdown). */
  async shutdown(): Promise<void> {
    const running = [...this.jobs.values()].filter((e) => e.state.canCancel);
    for (const e of running) this.cancel(e.state.id);
    await Promise.all(running.map((e) => e.done));
  }

  private entry(id: string): Entry {
    const entry = this.jobs.get(id);
    if (!entry) throw new AppError('NOT_FOUND', `No such job: ${id}`);
    return entry;
  }

  private emitSoon(entry: Entry): void {
    const wait = EMIT_INTERVAL_MS - (Date.now() - entry.lastEmit);
    if (wait <= 0) return this.emitNow(entry);
    entry.emitTimer ??= setTimeout(() => this.emitNow(entry), wait);
  }

  private emitNow(entry: Entry): void {
    if (entry.emitTimer) clearTimeout(entry.emitTimer);
    entry.emitTimer = null;
    entry.lastEmit = Date.now();
    this.events.emit({ type: 'job', job: structuredClone(entry.state) });
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((e) => e.state.finishedAt !== undefined);
    for (const e of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(e.state.id);
  }
}
