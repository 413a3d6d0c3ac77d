import { describe, expect, it } from 'vitest';
import type { OsFacts, OsFamily } from '../../src/windows/facts';
import { sysprepRunLimit } from '../../src/windows/sysprep-limit';
import { unknownOs } from '../../src/windows/os';

const os = (family: OsFamily): OsFacts => ({ ...unknownOs(), family });

describe("sysprepRunLimit (domain.md §2.1: only what Microsoft's table lists)", () => {
  it.each<[OsFamily, number | null]>([
    ['Windows 7', 3],
    ['Windows Server 2008 R2', 3],
    ['Windows Server 2008', 3],
    ['Windows Vista', null], // not in the table (UNCONFIRMED)
    ['Windows 8', null], // not in the table (UNCONFIRMED)
    ['Windows 8.1', 1001],
    ['Windows Server 2012', 1001],
    ['Windows 10', 1001],
    ['Windows 11', 1001],
    ['Windows Server 2025', 1001],
    ['unknown', null],
  ])('%s → %s', (family, limit) => {
    expect(sysprepRunLimit(os(family))).toBe(limit);
  });
});
