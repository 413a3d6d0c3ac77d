// preflight's own exclusion list keeps DISM's defaults and leaves out the folders upgrades leave behind.
import { describe, expect, it } from 'vitest';
import { isExcluded, wimScriptIni } from '../../src/capture/exclusions';

describe('capture exclusions', () => {
  it('keeps the defaults (pagefile, hiberfil, System Volume Information) and adds the upgrade leftovers', () => {
    for (const p of [
      'pagefile.sys',
      'hiberfil.sys',
      'System Volume Information\\x',
      'Windows.old\\Windows\\explorer.exe',
      '$WINDOWS.~BT\\Sources',
      '$Windows.~WS',
    ])
      expect(isExcluded(p)).toBe(true);
    expect(isExcluded('Windows\\explorer.exe')).toBe(false);
    expect(wimScriptIni().split('\r\n')).toEqual(
      expect.arrayContaining(['\\pagefile.sys', '\\Windows.old', '\\$Windows.~BT', '\\$WINDOWS.~WS']),
    );
  });
});
