// Test helper: the real Panther logs of test/data/panther (sources in its README) on a temporary volume.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VolumeFs } from '../../src/windows/volume-fs';
import { makeVolume } from './temp-volume';

const DATA = fileURLToPath(new URL('../data/panther/', import.meta.url));
const SP = 'Windows/System32/Sysprep/Panther';

export function realLog(name: string): string {
  return readFileSync(`${DATA}${name}`, 'utf8');
}

/** A volume whose Sysprep Panther folder holds the real log under the name it was published as. */
export function volumeWithRealLog(name: string, encode: (s: string) => string | Buffer = (s) => s): VolumeFs {
  const file = name.includes('.setupact.') ? 'setupact.log' : 'setuperr.log';
  return new VolumeFs(makeVolume({ [`${SP}/${file}`]: encode(realLog(name)) }));
}
