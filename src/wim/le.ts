// Little-endian reads by byte arithmetic, for the loops that read thousands of fixed-size records (blob-table
// entries, dentries): no call into Buffer's checked readers per field, which costs most while the code is still
// cold (a `check` opens one image and parses each table once). Callers check the record fits the buffer first.

export function u16(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}

export function u32(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000;
}
