// What every structure parser needs: the bytes, the cell map, the version and the warning sink.
import type { CellMap } from './bins';
import type { HiveWarning } from './types';

export interface HiveContext {
  readonly file: string;
  readonly buf: Buffer;
  readonly cells: CellMap;
  readonly minorVersion: number;
  readonly warnings: HiveWarning[];
}

export function warn(ctx: HiveContext, offset: number, structure: string, message: string): void {
  // A hostile hive could produce one warning per cell; keep the list bounded.
  if (ctx.warnings.length < 1000) ctx.warnings.push({ offset, structure, message });
  else if (ctx.warnings.length === 1000) ctx.warnings.push({ offset: -1, structure: 'hive', message: 'more than 1000 warnings; further warnings dropped' });
}
