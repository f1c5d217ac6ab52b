// runtime: browser
import { describe, expect, it } from 'vitest';
import { baseName, formatBytes, formatDuration, formatPercent, toMillis } from './format';
import { formatRoute, parseRoute } from './route';
import { jobFraction, jobTitleKey } from './jobs';

describe('format', () => {
  it('formats sizes', () => {
    expect(formatBytes(512, 'en')).toBe('512 byte');
    expect(formatBytes(1536, 'en')).toBe('1.5 kB');
    expect(formatBytes(5 * 1024 * 1024, 'en')).toBe('5 MB');
    expect(formatBytes(-1, 'en')).toBe('—');
  });
  it('formats durations with at most two units', () => {
    expect(formatDuration(42, 'en')).toBe('42 sec');
    expect(formatDuration(125, 'en')).toBe('2 min 5 sec');
    expect(formatDuration(3600 + 300, 'en')).toBe('1 hr 5 min');
    expect(formatDuration(null, 'en')).toBe('—');
    expect(formatDuration(125, 'ru')).toMatch(/^2 мин 5 с/);
  });
  it('formats percentages', () => {
    expect(formatPercent(0.423, 'en')).toBe('42%');
    expect(formatPercent(2, 'en')).toBe('100%');
  });
  it('takes small timestamps as seconds', () => {
    expect(toMillis(1_700_000_000)).toBe(1_700_000_000_000);
    expect(toMillis(1_700_000_000_000)).toBe(1_700_000_000_000);
  });
  it('takes the base name of both path styles', () => {
    expect(baseName('/home/u/a.amosweep')).toBe('a.amosweep');
    expect(baseName('C:\\Users\\u\\b.amosweep')).toBe('b.amosweep');
  });
});

describe('route', () => {
  it('round-trips a screen with parameters', () => {
    const hash = formatRoute('browse', { entity: 'leads', id: 42, empty: '', none: null });
    expect(hash).toBe('#/browse?entity=leads&id=42');
    expect(parseRoute(hash)).toEqual({ screen: 'browse', params: { entity: 'leads', id: '42' } });
  });
  it('parses an empty hash', () => {
    expect(parseRoute('')).toEqual({ screen: '', params: {} });
  });
});

describe('jobs helpers', () => {
  it('puts namespace-less title keys in common', () => {
    expect(jobTitleKey({ titleKey: 'jobs.snapshot' })).toBe('common:jobs.snapshot');
    expect(jobTitleKey({ titleKey: 'audit:job.title' })).toBe('audit:job.title');
    expect(jobTitleKey({ titleKey: 'snapshot.job.title' })).toBe('snapshot:job.title');
  });
  it('estimates the fraction from the steps when the job has none', () => {
    const steps = [
      { key: 'a', done: 5, total: 10, status: 'running' as const },
      { key: 'b', done: 3, total: null, status: 'running' as const },
      { key: 'c', done: 10, total: 10, status: 'done' as const },
    ];
    expect(jobFraction({ fraction: null, steps, status: 'running' })).toBe(0.75);
    expect(jobFraction({ fraction: 0.2, steps, status: 'running' })).toBe(0.2);
    expect(jobFraction({ fraction: null, steps: [], status: 'running' })).toBeNull();
    expect(jobFraction({ fraction: null, steps: [], status: 'done' })).toBe(1);
  });
});
