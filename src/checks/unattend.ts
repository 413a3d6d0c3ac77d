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

/**
 * The answer file Windows Setup uses at `pass` (e.g. "oobeSystem"): of the files that configure that pass or
 * could not be parsed (Setup stops on those), the one with the best precedence (domain.md §14.3). A file of
 * lower rank — %WINDIR%\System32\Sysprep, %SYSTEMDRIVE% — is used when nothing ranks higher for the pass.
 * Microsoft "Windows Setup automation overview": Setup searches at the beginning of each configuration pass
 * and processes the settings of that pass from the answer file with the highest precedence.
 */
export function answerFileForPass(facts: InstallationFacts, pass: string): AnswerFileFact | null {
  const p = pass.toLowerCase();
  const candidates = facts.unattend.files.filter((f) => f.parseError !== null || f.passes.some((x) => x.toLowerCase() === p));
  return candidates.reduce<AnswerFileFact | null>((best, f) => (best === null || f.precedence < best.precedence ? f : best), null);
}

/** The answer file Windows Setup would use: the parseable or not one with the best (lowest) precedence. */
export function answerFileInUse(facts: InstallationFacts): AnswerFileFact | null {
  return facts.unattend.files.reduce<AnswerFileFact | null>(
    (best, f) => (best === null || f.precedence < best.precedence ? f : best),
    null,
  );
}
