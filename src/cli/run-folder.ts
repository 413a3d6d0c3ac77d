// Each run writes its reports into a folder of its own, named after the *offline* computer(s) it inspected and
// the time: `DESKTOP-7QK2M4V_20261130-201512Z`. WinPE's own %COMPUTERNAME% (MINWINPC or random) says nothing,
// a queue of machines must not overwrite each other's reports, and the engineer who reads them later sorts
// them by name.

const MAX_NAME = 64;

/** The folder name for computer names (as read from the installations, null when unknown) and a run time. */
export function runFolderName(computerNames: (string | null)[], at: Date | string): string {
  const names = [
    ...new Set(
      computerNames
        .filter((n): n is string => !!n)
        .map(safeName)
        .filter(Boolean),
    ),
  ];
  let who = names.length === 0 ? 'unknown-computer' : names.join('+');
  if (who.length > MAX_NAME) who = `${names[0].slice(0, MAX_NAME - 10)}+${names.length - 1}-more`;
  // UTC, marked Z: WinPE's clock and time zone are rarely the site's.
  const iso = (typeof at === 'string' ? new Date(at) : at).toISOString();
  const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}Z`;
  return `${who}_${stamp}`;
}

/**
 * A computer name comes from the inspected disk: keep letters, digits, `-` and `.` (what NetBIOS and DNS
 * names use) so it can never reach outside the folder, name a device (CON, NUL) or end in a dot.
 */
function safeName(name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9.-]/g, '_')
    .replace(/^[.]+|[.]+$/g, '')
    .slice(0, MAX_NAME);
  return /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(cleaned) ? `_${cleaned}` : cleaned;
}
