// CRC-32 as GPT uses it for its header and partition entry array [UEFI 2.10 §5.3.2: "CRC32 of the GPT
// header" / "CRC32 of the GUID Partition Entry array"]: the IEEE 802.3 polynomial, reflected (0xEDB88320),
// initial value and final XOR 0xFFFFFFFF, the same as zlib's crc32.
// Our own, not node:zlib's: loading node:zlib loads node's stream modules, about 4 ms of every start of a
// check (measured; the GPT is read for --disk and whole disks only), for at most a 92-byte header and a
// 16 KiB entry array.

let table: Uint32Array | null = null;

function crcTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

export function crc32(bytes: Uint8Array): number {
  table ??= crcTable();
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
