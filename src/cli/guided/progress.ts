// The capture under way: phase, a bar with percent, time spent and time left, the engine's last error
// line. Fed by the capture module's progress events (the same as `capture`'s terminal bar).
import type { ProgressEvent } from '../../capture/progress/events';
import { EtaEstimator, formatDuration } from '../../capture/progress/render';
import { hanging } from '../../report/layout';
import { plain, usableWidth, type Line, type Screen } from './frame';

export interface ProgressView {
  source: string;
  image: string;
  phase: string | null;
  percent: number | null;
  startedAt: number;
  /** Milliseconds left, when the rate says. */
  left: number | null;
  lastError: string | null;
  stopping: boolean;
}

export function newProgress(source: string, image: string, now: number): ProgressView {
  return { source, image, phase: null, percent: null, startedAt: now, left: null, lastError: null, stopping: false };
}

/** The view after one event; the estimator keeps the rate across events of a phase. */
export function progressAfter(v: ProgressView, e: ProgressEvent, eta: EtaEstimator, now: number): ProgressView {
  if (e.type === 'phase') {
    eta.reset();
    return { ...v, phase: e.name, percent: null, left: null };
  }
  if (e.type === 'percent') return { ...v, phase: e.phase ?? v.phase, percent: e.percent, left: eta.update(e.percent, now) };
  if (e.type === 'message' && e.level === 'error') return { ...v, lastError: e.text };
  return v;
}

export function progressScreen(v: ProgressView, width: number, now: number): Screen {
  const w = usableWidth(width);
  const barWidth = Math.max(10, w - 12);
  const pct = v.percent ?? 0;
  const filled = Math.round((pct / 100) * barWidth);
  const body: Line[] = [
    ...hanging(`From: ${v.source}`, { width: w, prefix: '', indent: 6 }).map((l) => plain(l)),
    ...hanging(`To:   ${v.image}`, { width: w, prefix: '', indent: 6 }).map((l) => plain(l)),
    plain(''),
    plain(v.phase ?? 'Starting the engine', 'bold'),
    plain(
      `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${v.percent === null ? '  ...' : `${pct.toFixed(1).padStart(5)}%`}`,
      'cyan',
    ),
    plain(`${formatDuration(now - v.startedAt)} so far${v.left === null ? '' : `, about ${formatDuration(v.left)} left`}`),
  ];
  if (v.lastError) body.push(plain(''), ...hanging(v.lastError, { width: w, prefix: 'engine: ' }).map((l) => plain(l, 'red')));
  if (v.stopping) body.push(plain(''), plain('Stopping the capture...', 'bold', 'yellow'));
  return { title: 'Capturing', body, keys: 'Ctrl+C stops the capture (the unfinished image is removed)' };
}
