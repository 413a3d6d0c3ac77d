// The SEA preparation blob inside a built executable, as the pinned Node 22 writes it (src/node_sea.cc,
// SeaSerializer): a magic number, a flags word, one byte (how NODE_OPTIONS extends execArgv), then the main
// script's path and source as length-prefixed strings (and, with useCodeCache, V8's code cache).
/** node_sea.h: kMagic. */
const SEA_MAGIC = 0x0143da20;
/** node_sea.h: SeaFlags. */
export const SEA_FLAGS = {
  disableExperimentalSeaWarning: 1 << 0,
  useSnapshot: 1 << 1,
  useCodeCache: 1 << 2,
  includeAssets: 1 << 3,
} as const;

/** The flags word of the blob in `exe` and the main script's recorded path; throws when no blob is found. */
export function seaBlobHeader(exe: Buffer): { flags: number; codePath: string } {
  const magic = Buffer.alloc(4);
  magic.writeUInt32LE(SEA_MAGIC);
  for (let at = exe.indexOf(magic); at >= 0; at = exe.indexOf(magic, at + 1)) {
    const flags = exe.readUInt32LE(at + 4);
    const length = Number(exe.readBigUInt64LE(at + 9));
    // The magic may also occur by chance in node.exe's code: a blob has only known flags and a short path.
    if (flags >= 1 << 4 || length === 0 || length > 4096) continue;
    return { flags, codePath: exe.toString('utf8', at + 17, at + 17 + length) };
  }
  throw new Error('no SEA blob in this executable');
}
