// Typed failures of the WIM reader. Every error names the file, the absolute file offset (or -1 when the
// failure concerns the whole file) and the structure being read, like src/hive/errors.ts, so a bug report
// is enough to find the bad bytes. Callers turn any WimError into an "unknown" installation.

export class WimError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly structure: string,
    readonly reason: string,
  ) {
    super(offset >= 0 ? `${file}: ${structure} at offset 0x${offset.toString(16)}: ${reason}` : `${file}: ${structure}: ${reason}`);
    this.name = new.target.name;
  }
}

/** Not a WIM at all (no `MSWIM` magic, or shorter than the 208-byte header). */
export class NotAWimError extends WimError {}

/** A WIM of a kind this reader recognises but does not read (pipable, a split part without its set, Vista beta versions, encrypted ESD). */
export class UnsupportedWimError extends WimError {}

/** The header, a resource header or a table disagrees with the file (sizes beyond the file, bad counts). */
export class WimFormatError extends WimError {}

/** A compressed chunk could not be decoded (bad Huffman code, match before the start, wrong size). */
export class WimDecompressError extends WimError {}

/** A blob read in full does not have the SHA-1 the blob table or dentry names. */
export class WimHashError extends WimError {}

/** The image metadata (security block or directory tree) is inconsistent: cycles, bad lengths, bad names. */
export class WimMetadataError extends WimError {}

/** The file could not be read (I/O error, shrank while reading). */
export class WimIoError extends WimError {}

/**
 * Decoder failure without file context; the resource reader catches it and rethrows a WimDecompressError
 * naming the file and the chunk's offset.
 */
export class CodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodecError';
  }
}
