// The JSON report: the Report object as built by model.ts (whose construction fixes the key order),
// two-space indented, with a trailing newline. Shape: schema/report.schema.json.
import type { Report } from './model';

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
