import type { FullResourceDescriptor } from './resource-list';

// Public shapes of the hive reader. Everything a caller outside src/hive needs is declared here and
// re-exported from src/hive/index.ts; the structure modules keep their own internal field getters.

/** Registry value types, numbered as in [REGF] "Data types". Other numbers occur and are kept raw. */
export const RegType = {
  NONE: 0,
  SZ: 1,
  EXPAND_SZ: 2,
  BINARY: 3,
  DWORD: 4,
  DWORD_BIG_ENDIAN: 5,
  LINK: 6,
  MULTI_SZ: 7,
  RESOURCE_LIST: 8,
  FULL_RESOURCE_DESCRIPTOR: 9,
  RESOURCE_REQUIREMENTS_LIST: 10,
  QWORD: 11,
} as const;

export const REG_TYPE_NAMES: Record<number, string> = {
  0: 'REG_NONE',
  1: 'REG_SZ',
  2: 'REG_EXPAND_SZ',
  3: 'REG_BINARY',
  4: 'REG_DWORD',
  5: 'REG_DWORD_BIG_ENDIAN',
  6: 'REG_LINK',
  7: 'REG_MULTI_SZ',
  8: 'REG_RESOURCE_LIST',
  9: 'REG_FULL_RESOURCE_DESCRIPTOR',
  10: 'REG_RESOURCE_REQUIREMENTS_LIST',
  11: 'REG_QWORD',
};

export function regTypeName(type: number): string {
  return REG_TYPE_NAMES[type] ?? `REG_UNKNOWN_0x${(type >>> 0).toString(16)}`;
}

/** A value decoded by its declared type. Unknown types and undecodable data stay `bytes`. */
export type DecodedValue =
  | { kind: 'string'; value: string }
  | { kind: 'multi-string'; value: string[] }
  | { kind: 'number'; value: number }
  | { kind: 'bigint'; value: bigint }
  | { kind: 'resource-list'; value: FullResourceDescriptor[] }
  | { kind: 'bytes'; value: Uint8Array };

/** A recoverable oddity met while reading: data, not an error (style of notatin). */
export interface HiveWarning {
  /** Absolute file offset the oddity was found at, or -1 when it concerns the whole file. */
  offset: number;
  /** Which structure: 'base-block', 'hbin', 'cell', 'nk', 'vk', 'subkey-list', 'value-list', 'db', 'log', … */
  structure: string;
  message: string;
}

/** One transaction log that was looked at during recovery. */
export interface AppliedLog {
  /** Path of the log file as found beside the hive. */
  file: string;
  /** 'new' = HvLE entries (Windows 8.1+), 'old' = DIRT bitmap. */
  format: 'new' | 'old';
  /** Log entries (new) or dirty pages (old) written into the in-memory image. */
  entriesApplied: number;
}

export interface RecoveryReport {
  /** The primary base block asked for recovery: sequence numbers differ or checksum wrong. */
  dirty: boolean;
  /** Logs whose data went into the in-memory image, in the order applied. */
  applied: AppliedLog[];
  /** Log files found beside the hive (whether applied or not). */
  logsFound: string[];
  /** True when the hive was dirty and the logs brought it to a consistent state. */
  recovered: boolean;
}

export interface BaseBlockInfo {
  majorVersion: number;
  minorVersion: number;
  primarySequence: number;
  secondarySequence: number;
  /** FILETIME at offset 12, as an ISO string (or null when zero/invalid). */
  lastWritten: string | null;
  fileType: number;
  rootCellOffset: number;
  /** Hive bins data size the header claims. */
  hiveBinsDataSize: number;
  /** Size actually usable (bounded by the file and by the bins really found). */
  effectiveHiveBinsDataSize: number;
  checksumStored: number;
  checksumComputed: number;
  checksumValid: boolean;
  /** Embedded partial file name (UTF-16LE at offset 48). */
  fileName: string;
  flags: number;
}

/** Counts from a full walk (`hive stats`). */
export interface HiveStats {
  keys: number;
  values: number;
  valuesByType: Record<string, number>;
  bigDataValues: number;
  maxDepth: number;
  bins: number;
  allocatedCells: number;
  freeCells: number;
  decodeFailures: number;
}
