// DISM's exit codes (Win32 codes and HRESULTs, signed or unsigned) decoded to words, never passed on raw.
import { describe, expect, it } from 'vitest';
import { decodeDismExit } from '../../src/capture/exit-status';

describe('decodeDismExit', () => {
  it.each([
    [0, '0', 'success'],
    [112, '112', 'disk full: there is not enough space on the disk'],
    [0x80070070, '0x80070070', 'disk full: there is not enough space on the disk'],
    [-2147024784, '0x80070070', 'disk full: there is not enough space on the disk'], // the same, signed
    [5, '5', 'access denied'],
    [0x80070005, '0x80070005', 'access denied'],
    [0xc1420117, '0xC1420117', 'the image could not be completely unmounted (run Dism /Cleanup-Mountpoints)'],
    [-1052638937, '0xC1420127', 'the image is already mounted for read/write access (run Dism /Cleanup-Mountpoints)'],
    [1392, '1392', 'the file or directory is corrupted and unreadable (run chkdsk on the source)'],
    [4242, '4242', 'Win32 error 4242'],
    [0x80041234, '0x80041234', 'HRESULT 0x80041234'],
  ])('%i → %s', (raw, text, meaning) => {
    expect(decodeDismExit(raw)).toMatchObject({ text, meaning });
  });
});
