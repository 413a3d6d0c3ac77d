// How the last Sysprep run was started, from %WINDIR%\System32\Sysprep\Panther\setupact.log (Sysprep
// clears it at each run: domain.md §1.4). Sysprep logs every option it parsed, e.g.
//   2025-07-22 21:55:35, Info       [0x0f005f] SYSPRP ParseCommands:Found supported command line option 'GENERALIZE'
// (public setupact.log excerpts; the same line for 'OOBE', 'SHUTDOWN', 'QUIT', 'UNATTEND'), and the mode
// of its session: "SysprepSession::CreateSession: Successfully created instance with action file
// …\Cleanup.xml, and mode <null>" and "CreateXPathForSelection: Sysprep mode in registry is <null>" in a
// normal run. /mode:vm is the one documented value of /mode (Microsoft "Sysprep command-line options"). A
// real VM-mode run logs the option 'MODE' and then
//   2026-03-20 15:23:14, Info       [0x0f00b7] SYSPRP WinMain:Sysprep mode [vm]; was specified
// (setupact.log excerpts posted in public issue threads:
// The-Virtual-Desktop-Team/Windows-Desktop-Optimization-Tool #18, DrazenNikolic/AVD-Golden-Image-Optimizer #2). Those two, a
// "mode <vm>" or a "/mode:vm" anywhere in the last run are read as /mode:vm; the last three spellings are
// UNCONFIRMED. When options are logged without any of them the answer is "no"; when nothing is logged it
// is unknown. Only the head of the file
// is read (bounded), and the last run in it is used.
import type { Evidence, SysprepRunFacts } from './facts';
import { errText, type VolumeFs } from './volume-fs';
import { RUN_BANNER } from './sysprep-log/runs';
import { decodeText, splitLines } from './text-decode';

/** Sysprep's setupact.log is small (a few hundred KB); more than this is not read. */
export const SETUPACT_MAX_READ = 8 * 1024 * 1024;
const OPTION = /ParseCommands:\s*Found supported command line option '([^']{1,40})'/i;
const MODE_VM = /\bSysprep mode \[vm\]|\/mode:vm\b|\bmode <vm>|\bmode in registry is <vm>/i;

export function readSysprepRun(vol: VolumeFs, windowsDir: string): SysprepRunFacts {
  const rel = `${windowsDir}\\System32\\Sysprep\\Panther\\setupact.log`;
  const shown = vol.displayPath(rel);
  let head: Buffer | null;
  let size = 0;
  try {
    size = vol.stat(rel)?.size ?? 0;
    head = vol.isFile(rel) ? vol.readHead(rel, SETUPACT_MAX_READ) : null;
  } catch (e) {
    return { options: null, modeVm: null, evidence: [{ source: 'file', path: shown, detail: `unreadable: ${errText(e)}` }] };
  }
  if (head === null) return { options: null, modeVm: null, evidence: [] };
  const lines = splitLines(decodeText(head).text);
  let start = 0;
  lines.forEach((l, i) => {
    if (RUN_BANNER.test(l)) start = i;
  });
  const options: string[] = [];
  const evidence: Evidence[] = [];
  let vmLine: string | null = null;
  for (let i = start; i < lines.length; i++) {
    const m = OPTION.exec(lines[i]);
    if (m) {
      const option = m[1].trim().toUpperCase();
      if (!options.includes(option)) options.push(option);
      if ((option === 'MODE' || option === 'VM' || option === 'MODE:VM') && vmLine === null) vmLine = `line ${i + 1}: ${lines[i].trim()}`;
    } else if (vmLine === null && MODE_VM.test(lines[i])) {
      vmLine = `line ${i + 1}: ${lines[i].trim()}`;
    }
  }
  const truncated = size > SETUPACT_MAX_READ;
  if (vmLine !== null) {
    evidence.push({ source: 'file', path: shown, detail: vmLine.slice(0, 300) });
    return { options, modeVm: true, evidence };
  }
  if (options.length === 0 || truncated) {
    evidence.push({
      source: 'file',
      path: shown,
      detail: truncated ? `larger than ${SETUPACT_MAX_READ} bytes: only the head was read` : 'no command-line options logged',
    });
    return { options: options.length > 0 ? options : null, modeVm: null, evidence };
  }
  evidence.push({ source: 'file', path: shown, detail: `options of the last run: ${options.join(', ')}` });
  return { options, modeVm: false, evidence };
}
