import { describe, expect, it } from 'vitest';
import { buildOf, dismAgeWarning } from '../../src/capture/engine-age';

describe('dismAgeWarning', () => {
  it.each<[string, string | null, (number | null)[], boolean]>([
    ['dism', '10.0.19041.844', [26100], true],
    ['dism', '10.0.26100.1150', [26100], false],
    ['dism', '10.0.26100.1150', [19045, 22631], false],
    ['dism', '10.0.22621.1', [26100, null], true],
    ['dism', null, [26100], false], // version unknown: no claim
    ['dism', '10.0.19041.844', [null], false], // build unknown: no claim
    ['wimlib', '1.13.5', [26100], false],
  ])('%s %s capturing %j → warn %s', (engine, version, builds, warns) => {
    expect(dismAgeWarning(engine, version, builds) !== null).toBe(warns);
  });
  it('names both builds', () => {
    expect(dismAgeWarning('dism', '10.0.19041.844', [26100])?.message).toBe(
      'DISM 10.0.19041.844 (build 19041) captured Windows build 26100: use a WinPE and DISM of build 26100 or later (the ADK that matches the image) for images of it.',
    );
    expect(buildOf('10.0.26100')).toBe(26100);
    expect(buildOf('garbage')).toBeNull();
  });
});
