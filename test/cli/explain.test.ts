// `preflight explain ID` through the built CLI: a check's docs at the console, commands never split.
import { describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/registry';
import { remedyCommands } from '../../src/checks/remedy-markup';
import { runCli } from '../support/cli';

describe('preflight explain', () => {
  it('prints the title, severity, docs and the remedy with each command whole on its own line (any case of the id)', () => {
    const r = runCli(['explain', 'gen001']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^GEN001 Not generalized\nSeverity: block at most\. Looks at one installation\.\n/);
    expect(r.stdout).toContain('\nFix: ');
    const gen001 = allChecks.find((c) => c.meta.id === 'GEN001')!;
    for (const command of remedyCommands(gen001.meta.remedy)) expect(r.stdout.split('\n').map((l) => l.trim())).toContain(command);
  });

  it.each(allChecks.map((c) => [c.meta.id]))(
    '%s: prose fits 79 columns; only a whole command, code span or one long token (a URL) may pass it',
    (id) => {
      const r = runCli(['explain', id]);
      expect(r.status).toBe(0);
      const check = allChecks.find((c) => c.meta.id === id)!;
      const commands = remedyCommands(check.meta.remedy);
      const spans = [...check.meta.docs.matchAll(/`([^`]*)`/g)].map((m) => m[1].replace(/\s+/g, ' '));
      for (const line of r.stdout.split('\n').filter((l) => l.length > 79)) {
        const oneToken = !/\s/.test(line.trim());
        expect(oneToken || [...commands, ...spans].some((c) => line.includes(c)), line).toBe(true);
      }
    },
  );

  it('an unknown id: one line naming the ids there are, exit 4', () => {
    const r = runCli(['explain', 'NOPE01']);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/^preflight: no check "NOPE01"; the ids are APX001, .*XIN003\n$/);
  });
});

describe('what a technician reads in explain', () => {
  it.each(allChecks.map((c) => [c.meta.id]))('%s: no pointer to the project notes; UNCONFIRMED said in plain words', (id) => {
    const out = runCli(['explain', id]).stdout;
    expect(out).not.toMatch(/domain\.md/);
    if (out.includes('UNCONFIRMED')) expect(out).toContain('UNCONFIRMED: practitioners report it, Microsoft does not document it');
  });
});
