// `preflight checks`: the list of checks; `--docs DIR` writes one Markdown page per check and an index.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { command } from '../args/spec';
import { remedyCommands, remedyText } from '../../checks/remedy-markup';
import { allChecks } from '../../checks/registry';
import { renderCheckDocs, renderChecksIndex, renderChecksList } from '../../report/checks';
import { useColor } from '../color';
import { InputError } from '../fail';
import { writeOut } from '../../host/console-output';

export const checksCommand = command<{ docs?: string; json: boolean; color?: boolean }>({
  path: ['checks'],
  examples: [
    ['preflight checks', 'the list, one line per check'],
    ['preflight checks --docs docs\\checks', 'one Markdown page per check'],
  ],
  codes: 'plain',
  positionals: [],
  options: {
    docs: { type: 'string', needs: 'a folder', describe: 'write <ID>.md per check and README.md to this folder' },
    json: { type: 'boolean', default: false, describe: 'print the list as JSON (id, severity, scope, title, remedy)' },
    color: {
      type: 'boolean',
      describe: 'colour the list (default: when stdout is a terminal and NO_COLOR is unset); --no-color: never',
    },
  },
  run: (args) => {
    if (args.docs) {
      try {
        mkdirSync(args.docs, { recursive: true });
        for (const check of allChecks) writeFileSync(join(args.docs, `${check.meta.id}.md`), renderCheckDocs(check));
        writeFileSync(join(args.docs, 'README.md'), renderChecksIndex(allChecks));
      } catch (err) {
        throw new InputError(`cannot write docs to ${args.docs}: ${(err as Error).message}`);
      }
      return writeOut(`wrote ${allChecks.length} check pages and README.md to ${args.docs}\n`);
    }
    if (args.json) {
      const list = allChecks.map((c) => ({
        id: c.meta.id,
        severity: c.meta.severity,
        scope: c.scope,
        title: c.meta.title,
        remedy: remedyText(c.meta.remedy),
        commands: remedyCommands(c.meta.remedy),
      }));
      return writeOut(JSON.stringify(list, null, 2) + '\n');
    }
    writeOut(renderChecksList(allChecks, { color: useColor(args.color) }));
  },
});
