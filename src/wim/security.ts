// Security data (SECURITYBLOCK_DISK) at the start of an image's metadata resource [wim-format.md §5.1;
// wimlib src/security.c; 7-Zip; go-winio]:
//   0  u32         total length, these 8 bytes included (rounded up to 8; 0 means 8)
//   4  u32         number of security descriptors
//   8  u64 × n     size of each descriptor
//   …              self-relative SECURITY_DESCRIPTORs back to back, then zero padding to 8
// The directory tree starts at the rounded total length.
import { WimMetadataError } from './errors';
import type { MetadataBytes } from './metadata-bytes';

export interface SecurityData {
  /** Self-relative security descriptors; a dentry's security id indexes this list. */
  descriptors: Buffer[];
  /** Where the root dentry starts (the rounded total length). */
  end: number;
}

export function parseSecurityData(file: string, where: string, bytes: MetadataBytes): SecurityData {
  const meta = bytes.buf;
  if (meta.length < 8)
    throw new WimMetadataError(
      file,
      -1,
      `${where} security data`,
      `metadata of ${meta.length} bytes cannot hold the 8-byte security header`,
    );
  bytes.ensure(0, 8);
  const total = meta.readUInt32LE(0);
  const count = meta.readUInt32LE(4);
  const end = total === 0 ? 8 : Math.ceil(total / 8) * 8;
  if (end > meta.length)
    throw new WimMetadataError(file, -1, `${where} security data`, `length ${total} is past the ${meta.length}-byte metadata`);
  // Each descriptor needs an 8-byte size entry, so the count is bounded by the block itself.
  if (8 + count * 8 > Math.max(total, 8))
    throw new WimMetadataError(file, -1, `${where} security data`, `${count} descriptors do not fit ${total} bytes`);
  bytes.ensure(0, end);
  const descriptors: Buffer[] = [];
  let p = 8 + count * 8;
  for (let i = 0; i < count; i++) {
    const size = meta.readBigUInt64LE(8 + i * 8);
    if (size > 0xffffffffn || p + Number(size) > total) {
      throw new WimMetadataError(file, -1, `${where} security data`, `descriptor ${i} of ${size} bytes runs past the ${total}-byte block`);
    }
    descriptors.push(meta.subarray(p, p + Number(size)));
    p += Number(size);
  }
  return { descriptors, end };
}
