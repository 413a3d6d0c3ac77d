// Public API of the regf reader.
export { openHive, findLogs, type OpenHiveOptions, type HiveFiles } from './open';
export { Hive, Key, Value, MAX_KEY_DEPTH } from './hive';
export * from './errors';
export * from './types';
export { decodeValue, decodeString, decodeMultiString } from './value-data';
export type { FullResourceDescriptor, PartialResource } from './resource-list';
export { upcase, namesEqual, lhHash } from './names';
export { hex } from './bytes';
