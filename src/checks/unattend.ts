// Shared by the answer-file checks (domain.md §7).
import type { AnswerFileFact, Evidence, InstallationFacts } from '../windows/facts';
import { cmdQuote, suspiciousName } from './shell-quote';
import { cmd } from './remedy-phrases';
import { fileEvidence } from './finding';
import { offlinePath } from './offline-paths';

/** "Windows\Panther\unattend.xml (cached answer file (%WINDIR%\Panther))" */
export function describeFile(file: AnswerFileFact): string {
  return `${file.path} (${file.location})`;
}

export function answerFileEvidence(file: AnswerFileFact, detail: string): Evidence[] {
  return [fileEvidence(file.path, detail)];
}

/**
 * A cmd.exe command on the answer file as typed from WinPE, e.g. `del "C:\Windows\Panther\unattend.xml"`:
 * the path is disk-controlled (Windows folder and file names), so it is double-quoted, and a path cmd cannot
 * quote gets a warning instead of a command.
 */
export function answerFileCommand(facts: InstallationFacts, file: AnswerFileFact, verb: string): string {
  const path = offlinePath(facts.volume, file.path);
  const quoted = cmdQuote(path);
  return quoted === null ? suspiciousName('answer file path', path) : cmd(`${verb} ${quoted}`);
}

/** Answer files Windows Setup reads first at every pass (search order 1-3, domain.md §7.1). */
export const CACHED_PRECEDENCE = 3;

/** The answer file Windows Setup would use: the parseable or not one with the best (lowest) precedence. */
export function answerFileInUse(facts: InstallationFacts): AnswerFileFact | null {
  return facts.unattend.files.reduce<AnswerFileFact | null>((best, f) => (best === null || f.precedence < best.precedence ? f : best), null);
}
