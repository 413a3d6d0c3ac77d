// Which screen module draws a state and takes its keys: the one switch over the states.
import { confirmKey, confirmScreen } from './confirm';
import { destinationKey, destinationScreen } from './destination-screen';
import { findingsKey, findingsScreen } from './findings';
import type { Key } from './keys';
import { nameKey, nameScreen } from './name';
import { overrideKey, overrideScreen } from './override';
import { progressScreen } from './progress';
import { resultKey, resultScreen } from './result';
import { bodyRows, scrollFor, type Screen } from './frame';
import { summaryFocus, summaryKey, summaryScreen } from './summary';
import type { GuidedContext, State, Step } from './state';

/** The screen of a state and the first body row to show. */
export function render(state: State, ctx: GuidedContext, now: number): { screen: Screen; scroll: number } {
  const rows = bodyRows(ctx.height);
  switch (state.screen) {
    case 'summary': {
      const screen = summaryScreen(state, ctx);
      return { screen, scroll: scrollFor(summaryFocus(state, ctx), 0, rows, screen.body.length) };
    }
    case 'findings':
      return { screen: findingsScreen(state, ctx), scroll: state.scroll };
    case 'override':
      return { screen: overrideScreen(state, ctx), scroll: 0 };
    case 'destination': {
      const screen = destinationScreen(state, ctx);
      // The list starts on the third row; a field or an error under it must stay visible too.
      return {
        screen,
        scroll: scrollFor(state.typing !== null || state.error ? screen.body.length - 1 : state.selected + 2, 0, rows, screen.body.length),
      };
    }
    case 'name':
      return { screen: nameScreen(state, ctx), scroll: 0 };
    case 'confirm': {
      const screen = confirmScreen(state, ctx);
      // The question at the end matters most: keep it on screen.
      return { screen, scroll: scrollFor(screen.body.length - 1, 0, rows, screen.body.length) };
    }
    case 'progress':
      return { screen: progressScreen(state.view, ctx.width, now), scroll: 0 };
    case 'result':
      return { screen: resultScreen(state, ctx), scroll: 0 };
  }
}

export function keyStep(state: State, key: Key, ctx: GuidedContext): Step {
  switch (state.screen) {
    case 'summary':
      return summaryKey(state, key, ctx);
    case 'findings':
      return findingsKey(state, key, ctx);
    case 'override':
      return overrideKey(state, key);
    case 'destination':
      return destinationKey(state, key, ctx);
    case 'name':
      return nameKey(state, key);
    case 'confirm':
      return confirmKey(state, key);
    case 'progress':
      return null; // only Ctrl+C, which the driver takes first
    case 'result':
      return resultKey(state, key);
  }
}
