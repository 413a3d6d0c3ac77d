// How the capture ended: the verified image (index, name, files, size, time, what was read back) and where its record, the
// logs and the run's reports are; or why it failed and where the logs say more.
import { collapsedFindings } from '../../report/text';
import type { CaptureOutcome } from '../../capture/capture';
import { mib } from '../../capture/plan';
import { hanging, sanitize } from '../../report/layout';
import type { Key } from './keys';
import { plain, usableWidth, type Line, type Screen } from './frame';
import type { GuidedContext, State, Step } from './state';

type ResultState = Extract<State, { screen: 'result' }>;

/** The lines of a finished capture (the record's facts) for the result screen. */
export function successLines(outcome: Extract<CaptureOutcome, { dryRun: false }>): string[] {
  const r = outcome.record;
  const p = outcome.plan;
  return [
    r.forced ? `Captured and verified, FORCED past check's BLOCKED verdict: ${r.image}` : `Captured and verified: ${r.image}`,
    `Image ${r.index ?? '?'} "${r.name}": ${r.verification?.image?.files ?? '?'} files, ${mib(r.imageBytes ?? 0)}, ${((r.result?.durationMs ?? 0) / 1000).toFixed(1)} s with ${r.engine.name}`,
    ...(r.verification?.readBack ? [sanitize(r.verification.readBack.summary)] : []),
    ...(r.overriddenFindings.length > 0 ? [`Overridden (recorded): ${collapsedFindings(r.overriddenFindings, false).join(', ')}`] : []),
    ...(r.forced ? [r.forced] : []),
    ...r.warnings.map((f) => `Warning: ${f.id} ${f.title}`),
    `Record: ${p.recordFile}`,
    `Logs: ${p.cmtraceLog}, ${p.engineLog}`,
  ];
}

export function resultScreen(state: ResultState, ctx: GuidedContext): Screen {
  const w = usableWidth(ctx.width);
  const body: Line[] = [];
  state.lines.forEach((l, n) =>
    body.push(
      ...hanging(l, { width: w, prefix: '', indent: 4 }).map((t) =>
        plain(t, ...(n === 0 ? (['bold', state.ok ? 'green' : 'red'] as const) : [])),
      ),
    ),
  );
  body.push(plain(''), ...hanging(ctx.reportNote, { width: w, prefix: '', indent: 4 }).map((t) => plain(t, 'dim')));
  return { title: state.ok ? 'Capture done' : 'Capture failed', body, keys: 'Enter or q quit  Esc back to the summary' };
}

export function resultKey(state: ResultState, key: Key): Step {
  if (key.name === 'enter' || (key.name === 'char' && key.char.toLowerCase() === 'q')) return { quit: true };
  if (key.name === 'escape') return { to: { screen: 'summary', selected: 0 } };
  return null;
}
