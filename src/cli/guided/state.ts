// The guided run's states, one per screen, and what a key press asks of the driver: the screens are pure
// (state in, screen out; state and key in, step out), the driver (guided.ts) does the rest.
import type { CapturePlan } from '../../capture/types';
import type { Report } from '../../report/model';
import type { ProgressView } from './progress';

/** A volume the image may go to, with what the list shows of it. */
export interface Destination {
  path: string;
  freeBytes: number | null;
  fileSystem: string | null;
}

/** What the screens read and never change: the report, where images may go, where the run's files are. */
export interface GuidedContext {
  report: Report;
  destinations: (source: string) => Destination[];
  /** "Report: <folder>", or why there is none. */
  reportNote: string;
  /** Whether a typed destination is a folder that exists (the plan needs one). */
  isFolder: (path: string) => boolean;
  width: number;
  height: number;
}

/** The capture being prepared: which installation, whether its block was overridden, where, under what name. */
export interface Draft {
  inst: number;
  force: boolean;
}

export type State =
  | { screen: 'summary'; selected: number }
  | { screen: 'findings'; inst: number; scroll: number }
  | { screen: 'override'; draft: Draft; typed: string; error: string | null }
  | { screen: 'destination'; draft: Draft; selected: number; typing: string | null; error: string | null }
  | { screen: 'name'; draft: Draft; dest: string; name: string; error: string | null }
  | {
      screen: 'confirm';
      draft: Draft;
      dest: string;
      name: string;
      image: string;
      plan: CapturePlan | null;
      planLines: string[];
      refusal: string | null;
    }
  | { screen: 'progress'; draft: Draft; image: string; view: ProgressView }
  | { screen: 'result'; ok: boolean; lines: string[] };

/** What a key asks for: another state, a plan to make, the capture to start, the end; null: nothing. */
export type Step =
  | { to: State }
  | { plan: { draft: Draft; dest: string; name: string } }
  | { capture: Extract<State, { screen: 'confirm' }> }
  | { quit: true }
  | null;

export const to = (state: State): Step => ({ to: state });
