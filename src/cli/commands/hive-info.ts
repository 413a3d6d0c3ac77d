// `preflight hive info FILE`: format, state, recovery and counts of one hive.
import { command } from '../args/spec';
import { hiveStats } from '../../hive/stats';
import { writeErr, writeOut } from '../../host/console-output';
import { ExitCode } from '../exit-codes';
import { sanitize } from '../../report/layout';
import { damageOf, open, HIVE_FILE, HIVE_OPTIONS, type HiveArgs } from './hive-common';

export const hiveInfo = command<HiveArgs>({
  path: ['hive', 'info'],
  examples: [['preflight hive info D:\\Windows\\System32\\config\\SYSTEM', 'format, state, logs applied, counts, warnings']],
  codes: 'hive',
  positionals: [HIVE_FILE],
  options: HIVE_OPTIONS,
  run: (args) => {
    const hive = open(args);
    const b = hive.baseBlock;
    const stats = hiveStats(hive);
    const info = {
      file: hive.file,
      version: `${b.majorVersion}.${b.minorVersion}`,
      rootName: hive.root.name,
      rootLastWritten: hive.root.lastWritten,
      embeddedFileName: b.fileName,
      sequence: { primary: (hive.fileBaseBlock ?? b).primarySequence, secondary: (hive.fileBaseBlock ?? b).secondarySequence },
      checksum: {
        stored: (hive.fileBaseBlock ?? b).checksumStored,
        computed: (hive.fileBaseBlock ?? b).checksumComputed,
        valid: (hive.fileBaseBlock ?? b).checksumValid,
      },
      hiveBinsDataSize: b.hiveBinsDataSize,
      effectiveHiveBinsDataSize: b.effectiveHiveBinsDataSize,
      state: hive.recovery.dirty ? (hive.recovery.recovered ? 'dirty, recovered in memory' : 'dirty, not recovered') : 'clean',
      recovery: hive.recovery,
      counts: stats,
      warnings: hive.warnings,
    };
    // A damaged hive is bad input (exit 4) even though what could be read is printed.
    const damage = damageOf(hive);
    if (damage !== null) {
      process.exitCode = ExitCode.BAD_INPUT;
      writeErr(`preflight: ${sanitize(hive.file)}: hive is damaged (${damage}); what could be read is shown\n`);
    }
    if (args.json) return writeOut(JSON.stringify(info, null, 2) + '\n');
    const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;
    const lines = [
      `file           ${info.file}`,
      `format         regf ${info.version}`,
      `root key       ${info.rootName}  (last written ${info.rootLastWritten ?? 'unknown'})`,
      `embedded name  ${info.embeddedFileName || '(none)'}`,
      ...(hive.fileBaseBlock
        ? [
            `sequence       ${hive.fileBaseBlock.primarySequence} / ${hive.fileBaseBlock.secondarySequence} in the file, ${b.primarySequence} / ${b.secondarySequence} after recovery`,
            `checksum       ${hex(hive.fileBaseBlock.checksumStored)} in the file (${hive.fileBaseBlock.checksumValid ? 'valid' : `wrong, computed ${hex(hive.fileBaseBlock.checksumComputed)}`})`,
          ]
        : [
            `sequence       ${b.primarySequence} / ${b.secondarySequence}`,
            `checksum       ${hex(b.checksumStored)} (${b.checksumValid ? 'valid' : `wrong, computed ${hex(b.checksumComputed)}`})`,
          ]),
      `hive bins      ${stats.bins} bins, ${b.effectiveHiveBinsDataSize} bytes` +
        (b.effectiveHiveBinsDataSize !== b.hiveBinsDataSize ? ` (header says ${b.hiveBinsDataSize})` : ''),
      `state          ${info.state}`,
      ...hive.recovery.applied.map(
        (l) => `  applied      ${l.file} (${l.format} format, ${l.entriesApplied} ${l.format === 'new' ? 'entries' : 'pages'})`,
      ),
      ...(hive.recovery.applied.length === 0 && hive.recovery.logsFound.length > 0
        ? [`  logs found   ${hive.recovery.logsFound.join(', ')} (not applied)`]
        : []),
      `keys           ${stats.keys}`,
      `values         ${stats.values}` + (stats.bigDataValues ? ` (${stats.bigDataValues} big data)` : ''),
      `cells          ${stats.allocatedCells} allocated, ${stats.freeCells} free`,
      `warnings       ${hive.warnings.length}`,
      ...hive.warnings.slice(0, 50).map((w) => `  - ${w.offset >= 0 ? `0x${w.offset.toString(16)} ` : ''}${w.structure}: ${w.message}`),
      ...(hive.warnings.length > 50 ? [`  … and ${hive.warnings.length - 50} more (use --json)`] : []),
    ];
    writeOut(lines.join('\n') + '\n');
  },
});
