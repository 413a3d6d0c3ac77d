// Error codes as Sysprep prints them, and their names.
//
// Sysprep writes the same failure in several spellings on one cascade: "dwRet = 0x3cf2" (a Win32 code),
// "hr = 0x80073cf2" (the same code as HRESULT_FROM_WIN32), "returned error code -1073425657" (an HRESULT
// printed as a signed decimal), "hr=2147749904" (unsigned decimal), "Error 0x-2147417850" (a signed decimal
// behind "0x"), and the BCD library prints NTSTATUS values bare ("failed c000000d", "Status: c000000d").
// "[gle=0x…]" is the thread's GetLastError left over, not the failure: it is ignored.
//
// Names and meanings: Win32 and HRESULT names as in the Windows SDK's winerror.h (checked against the
// MinGW-w64 copy of winerror.h, wbemcli.h and ntstatus.h); FVE_E_NOT_DECRYPTED as quoted from winerror.h
// in MicrosoftDocs/azure-docs pull request 58133; 0xC004D307 from Microsoft KB 929828 (the rearm limit:
// its symbolic name is not in the public headers, so none is given); 0x800F0975 from Microsoft's
// Configuration Manager capture-media article (no public header names it either).

export interface Code {
  /** As printed in the log. */
  printed: string;
  /** The 32-bit value (an HRESULT, an NTSTATUS or a Win32 code). */
  value: number;
  /** Win32 code for HRESULT_FROM_WIN32 values (0x8007xxxx) and bare Win32 codes; the value otherwise. */
  family: number;
}

export interface CodeName {
  /** "0x80070005" — always hex, 8 digits for HRESULT/NTSTATUS, as short as possible for Win32 codes. */
  hex: string;
  /** Symbolic name, or null when no public header names it. */
  name: string | null;
  /** What it means, in words. */
  meaning: string;
}

/** Win32 codes (also reached through HRESULT_FROM_WIN32, 0x8007xxxx). */
const WIN32: Record<number, [string, string]> = {
  0x2: ['ERROR_FILE_NOT_FOUND', 'the system cannot find the file specified'],
  0x3: ['ERROR_PATH_NOT_FOUND', 'the system cannot find the path specified'],
  0x5: ['ERROR_ACCESS_DENIED', 'access is denied'],
  0x6: ['ERROR_INVALID_HANDLE', 'the handle is invalid'],
  0x12: ['ERROR_NO_MORE_FILES', 'there are no more files'],
  0x1f: ['ERROR_GEN_FAILURE', 'a device attached to the system is not functioning'],
  0x20: ['ERROR_SHARING_VIOLATION', 'the file is in use by another process'],
  0x57: ['ERROR_INVALID_PARAMETER', 'the parameter is incorrect'],
  0x70: ['ERROR_DISK_FULL', 'there is not enough space on the disk'],
  0x7e: ['ERROR_MOD_NOT_FOUND', 'the specified module could not be found'],
  0x7f: ['ERROR_PROC_NOT_FOUND', 'the specified procedure could not be found'],
  0xb7: ['ERROR_ALREADY_EXISTS', 'the file already exists'],
  0x45a: ['ERROR_DLL_INIT_FAILED', 'a dynamic link library initialization routine failed'],
  0x47e: ['ERROR_OLD_WIN_VERSION', 'the program requires a newer version of Windows'],
  0x490: ['ERROR_NOT_FOUND', 'element not found'],
  0x139f: ['ERROR_INVALID_STATE', 'the group or resource is not in the correct state to perform the requested operation'],
  0x3cf2: ['ERROR_INSTALL_INVALID_PACKAGE', 'package data is invalid (AppX deployment)'],
};

/** HRESULTs outside the Win32 family, and NTSTATUS values. */
const OTHER: Record<number, [string | null, string]> = {
  0x80004005: ['E_FAIL', 'unspecified error'],
  0x8000ffff: ['E_UNEXPECTED', 'catastrophic failure'],
  0x80010106: ['RPC_E_CHANGED_MODE', 'cannot change the thread mode after it is set (COM)'],
  0x80041010: ['WBEM_E_INVALID_CLASS', 'invalid class (WMI)'],
  0x80080005: ['CO_E_SERVER_EXEC_FAILURE', 'server execution failed: a COM server did not start or answer'],
  0x80310039: ['FVE_E_NOT_DECRYPTED', 'the drive must be fully decrypted to complete this operation (BitLocker)'],
  0x800f0975: [null, 'reserved storage is in use by an update or servicing operation (CBS)'],
  0xc004d307: [null, 'the maximum allowed number of rearms has been exceeded (Software Licensing, KB 929828)'],
  0xc000000d: ['STATUS_INVALID_PARAMETER', 'an invalid parameter was passed to a service or function (NTSTATUS)'],
  0xc0000022: ['STATUS_ACCESS_DENIED', 'access denied (NTSTATUS)'],
  0xc0000034: ['STATUS_OBJECT_NAME_NOT_FOUND', 'the object name is not found (NTSTATUS)'],
};

function familyOf(value: number): number {
  const u = value >>> 0;
  return (u & 0xffff0000) >>> 0 === 0x80070000 ? u & 0xffff : u;
}

export function hex(value: number): string {
  const u = value >>> 0;
  return u > 0xffff ? `0x${u.toString(16).padStart(8, '0')}` : `0x${u.toString(16)}`;
}

/** Every error code printed in a message, in order, without [gle=…] noise and zeros. */
export function extractCodes(message: string): Code[] {
  const text = message.replace(/\[gle=0x[0-9a-f]+\]/gi, ' ').replace(/status\s*=\s*\[0x0+\]/gi, ' ');
  const found: { at: number; printed: string; value: number }[] = [];
  for (const m of text.matchAll(/\b0x-(\d{1,10})\b/gi)) found.push({ at: m.index, printed: m[0], value: Number(`-${m[1]}`) });
  for (const m of text.matchAll(/(?<![-\w])0x([0-9a-f]{1,8})\b/gi)) found.push({ at: m.index, printed: m[0], value: parseInt(m[1], 16) });
  for (const m of text.matchAll(/\b(?:dwRet|hr|error code|status)\s*[=:]?\s*(-?\d{1,11})\b(?![.\d])/gi)) {
    found.push({ at: m.index + m[0].length - m[1].length, printed: m[1], value: Number(m[1]) });
  }
  // NTSTATUS printed bare by the BCD library: "failed c000000d", "Status: c000000d".
  for (const m of text.matchAll(/\b(?:failed|status:?)\s+([cC][0-9a-fA-F]{7})\b/g)) {
    found.push({ at: m.index + m[0].length - m[1].length, printed: m[1], value: parseInt(m[1], 16) });
  }
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const out: Code[] = [];
  for (const f of found) {
    if (!Number.isFinite(f.value) || f.value === 0 || Math.abs(f.value) > 0xffffffff) continue;
    const key = f.printed.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ printed: f.printed, value: f.value >>> 0, family: familyOf(f.value) });
  }
  return out;
}

/** Hex, name and meaning of a code; the meaning says "not named here" for codes outside the table. */
export function describeCode(code: Code): CodeName {
  const u = code.value;
  const win32 = u <= 0xffff ? WIN32[u] : (u & 0xffff0000) >>> 0 === 0x80070000 ? WIN32[u & 0xffff] : undefined;
  if (win32) {
    const wrapped = u > 0xffff;
    return { hex: hex(u), name: wrapped ? `HRESULT_FROM_WIN32(${win32[0]})` : win32[0], meaning: win32[1] };
  }
  const other = OTHER[u];
  if (other) return { hex: hex(u), name: other[0], meaning: other[1] };
  if ((u & 0xffff0000) >>> 0 === 0x80070000)
    return { hex: hex(u), name: null, meaning: `Win32 error ${u & 0xffff} as an HRESULT (not named here)` };
  return { hex: hex(u), name: null, meaning: u <= 0xffff ? `Win32 error ${u} (not named here)` : 'not named here' };
}

/** "0x80070005 (HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED): access is denied)". */
export function codeInWords(code: Code): string {
  const d = describeCode(code);
  return `${d.hex} (${d.name ? `${d.name}: ` : ''}${d.meaning})`;
}
