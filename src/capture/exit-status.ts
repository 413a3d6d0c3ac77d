// DISM exits with a Win32 error code (112) or a raw HRESULT (0x80070070, 0xC1420117); as a signed
// 32-bit number an HRESULT is negative, which cmd's `if errorlevel 1` misses (domain.md 8.4). preflight
// never passes the engine's code through: it decodes it to words for the result and exits with its own.

export interface DecodedExit {
  /** The engine's exit code as an unsigned 32-bit number, or null when it died of a signal. */
  code: number | null;
  /** "112", "0x80070070", … as the technician will search for it. */
  text: string | null;
  meaning: string;
}

// Win32 error codes (winerror.h) that a capture meets.
const WIN32: Record<number, string> = {
  0: 'success',
  2: 'file not found',
  3: 'path not found',
  5: 'access denied',
  32: 'the file is in use by another process',
  39: 'disk full',
  80: 'the file exists',
  87: 'invalid parameter (bad syntax, or a DISM older than the image)',
  112: 'disk full: there is not enough space on the disk',
  740: 'the operation requires elevation (run as administrator)',
  1392: 'the file or directory is corrupted and unreadable (run chkdsk on the source)',
  1450: 'insufficient system resources',
};

// HRESULTs that are not a wrapped Win32 code (DISM/WIMGAPI facility 0xC142, CBS 0x800F).
const HRESULTS: Record<number, string> = {
  0xc1420113: 'the mount folder already contains a mounted image',
  0xc1420117: 'the image could not be completely unmounted (run Dism /Cleanup-Mountpoints)',
  0xc1420127: 'the image is already mounted for read/write access (run Dism /Cleanup-Mountpoints)',
  0x800f082f: 'a servicing operation is waiting for a restart',
};

const hex = (n: number) => '0x' + n.toString(16).toUpperCase().padStart(8, '0');

/** Decode a DISM exit code (as Node reports it: unsigned on Windows, maybe signed elsewhere). */
export function decodeDismExit(raw: number): DecodedExit {
  const code = raw >>> 0;
  if (code < 0x10000) return { code, text: String(code), meaning: WIN32[code] ?? `Win32 error ${code}` };
  // FACILITY_WIN32 (0x8007xxxx) wraps a Win32 code.
  if ((code & 0xffff0000) >>> 0 === 0x80070000) {
    const win32 = code & 0xffff;
    return { code, text: hex(code), meaning: WIN32[win32] ?? `Win32 error ${win32}` };
  }
  return { code, text: hex(code), meaning: HRESULTS[code] ?? `HRESULT ${hex(code)}` };
}

/** wimlib-imagex exits with its own small error codes and prints their words; the words are taken from its output. */
export function decodeWimlibExit(raw: number, outputMessage: string | null): DecodedExit {
  const code = raw >>> 0;
  if (code === 0) return { code, text: '0', meaning: 'success' };
  return { code, text: String(code), meaning: outputMessage ?? `wimlib error ${code}` };
}

export function decodeSignal(signal: string): DecodedExit {
  return { code: null, text: null, meaning: `the engine was killed by ${signal}` };
}
