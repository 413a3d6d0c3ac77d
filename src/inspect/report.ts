// Facts to report: the checks judge the facts (checks/registry), then the report model is built from the
// facts and the checks' results (report/model computes nothing).
import { runChecks } from '../checks/registry';
import { buildReport, type BuildReportInput, type Report } from '../report/model';

export function reportFromFacts(input: BuildReportInput): Report {
  const results = runChecks(input.installations, input.unreadable, undefined, input.disks ?? []);
  return buildReport(input, results);
}
