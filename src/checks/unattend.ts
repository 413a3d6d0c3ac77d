// Shared by the answer-file checks (domain.md §7).
import type { AnswerFileFact, Evidence } from '../windows/facts';
import { fileEvidence } from './util';

/** "Windows\Panther\unattend.xml (cached answer file (%WINDIR%\Panther))" */
export function describeFile(file: AnswerFileFact): string {
  return `${file.path} (${file.location})`;
}

export function answerFileEvidence(file: AnswerFileFact, detail: string): Evidence[] {
  return [fileEvidence(file.path, detail)];
}
