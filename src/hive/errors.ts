// Typed failures of the hive reader. Every error names the file, the absolute file offset and the
// structure it was reading, so a technician's bug report is enough to find the bad bytes (hivex style).

export class HiveError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly structure: string,
    readonly reason: string,
  ) {
    // Offset -1: the failure concerns the whole file (e.g. it cannot be opened), not a place in it.
    super(offset >= 0 ? `${file}: ${structure} at offset 0x${offset.toString(16)}: ${reason}` : `${file}: ${reason}`);
    this.name = new.target.name;
  }
}

/** The file is not a registry hive at all (no `regf` signature, or too short to hold a base block). */
export class NotAHiveError extends HiveError {}

/** A regf file of a version or kind this reader does not read (e.g. NT 3.x 1.1, or a transaction log). */
export class UnsupportedHiveError extends HiveError {}

/** The base block is present but unusable (root cell or sizes point outside the file). */
export class BaseBlockError extends HiveError {}

/** A cell reference points to something that is not a cell of the expected kind. */
export class CellError extends HiveError {}

export class KeyNodeError extends HiveError {}
export class ValueKeyError extends HiveError {}
export class SubkeyListError extends HiveError {}
export class BigDataError extends HiveError {}

/** The hive file could not be read from disk (missing, permission, is a directory). */
export class HiveIoError extends HiveError {}
