// REG_RESOURCE_LIST (8) and REG_FULL_RESOURCE_DESCRIPTOR (9): the hardware resources a driver was given,
// as the CM_RESOURCE_LIST / CM_FULL_RESOURCE_DESCRIPTOR structures of the Windows DDK (wdm.h), stored
// with 4-byte packing:
//   CM_RESOURCE_LIST              ULONG Count; CM_FULL_RESOURCE_DESCRIPTOR List[Count]
//   CM_FULL_RESOURCE_DESCRIPTOR   INTERFACE_TYPE InterfaceType (4); ULONG BusNumber (4); CM_PARTIAL_RESOURCE_LIST
//   CM_PARTIAL_RESOURCE_LIST      USHORT Version; USHORT Revision; ULONG Count; descriptors[Count]
//   CM_PARTIAL_RESOURCE_DESCRIPTOR UCHAR Type; UCHAR ShareDisposition; USHORT Flags; union u
// The union holds a KAFFINITY (pointer-sized) in its interrupt member, so it is 12 bytes on 32-bit
// Windows and 16 on 64-bit: a partial descriptor is 16 or 20 bytes depending on the installation that
// wrote it (seen in real x86 and x64 SYSTEM hives). Both sizes are tried; the one that makes the whole
// value fit exactly wins. A CmResourceTypeDeviceSpecific (5) descriptor is followed by DataSize bytes of
// its own (union offset 0). Anything that does not fit exactly is left undecoded (null): the raw bytes
// stay the truth.

export interface PartialResource {
  type: number;
  shareDisposition: number;
  flags: number;
  /** The union as hex, 12 or 16 bytes (meaning depends on `type`). */
  data: string;
  /** Device-specific data that follows a type-5 descriptor, as hex. */
  deviceSpecific?: string;
}

export interface FullResourceDescriptor {
  interfaceType: number;
  busNumber: number;
  version: number;
  revision: number;
  partials: PartialResource[];
}

const CM_RESOURCE_TYPE_DEVICE_SPECIFIC = 5;
const PARTIAL_SIZES = [20, 16] as const; // 64-bit, 32-bit writers
const FULL_HEADER_SIZE = 16;
/** Real lists have a handful of entries; a count beyond this is damage, not data. */
const MAX_ENTRIES = 4096;

function readFull(buf: Buffer, at: number, partialSize: number): { descriptor: FullResourceDescriptor; end: number } | null {
  if (at + FULL_HEADER_SIZE > buf.length) return null;
  const count = buf.readUInt32LE(at + 12);
  if (count > MAX_ENTRIES) return null;
  const descriptor: FullResourceDescriptor = {
    interfaceType: buf.readInt32LE(at),
    busNumber: buf.readUInt32LE(at + 4),
    version: buf.readUInt16LE(at + 8),
    revision: buf.readUInt16LE(at + 10),
    partials: [],
  };
  let pos = at + FULL_HEADER_SIZE;
  for (let i = 0; i < count; i++) {
    if (pos + partialSize > buf.length) return null;
    const partial: PartialResource = {
      type: buf[pos],
      shareDisposition: buf[pos + 1],
      flags: buf.readUInt16LE(pos + 2),
      data: buf.toString('hex', pos + 4, pos + partialSize),
    };
    pos += partialSize;
    if (partial.type === CM_RESOURCE_TYPE_DEVICE_SPECIFIC) {
      const size = buf.readUInt32LE(pos - partialSize + 4);
      if (pos + size > buf.length) return null;
      partial.deviceSpecific = buf.toString('hex', pos, pos + size);
      pos += size;
    }
    descriptor.partials.push(partial);
  }
  return { descriptor, end: pos };
}

/** REG_RESOURCE_LIST → its full descriptors, or null when the bytes are not exactly such a list. */
export function decodeResourceList(buf: Buffer): FullResourceDescriptor[] | null {
  for (const size of PARTIAL_SIZES) {
    const list = decodeListWith(buf, size);
    if (list) return list;
  }
  return null;
}

function decodeListWith(buf: Buffer, partialSize: number): FullResourceDescriptor[] | null {
  if (buf.length < 4) return null;
  const count = buf.readUInt32LE(0);
  if (count > MAX_ENTRIES) return null;
  const out: FullResourceDescriptor[] = [];
  let pos = 4;
  for (let i = 0; i < count; i++) {
    const full = readFull(buf, pos, partialSize);
    if (!full) return null;
    out.push(full.descriptor);
    pos = full.end;
  }
  return pos === buf.length ? out : null;
}

/** REG_FULL_RESOURCE_DESCRIPTOR → the descriptor, or null when the bytes are not exactly one. */
export function decodeFullResourceDescriptor(buf: Buffer): FullResourceDescriptor | null {
  for (const size of PARTIAL_SIZES) {
    const full = readFull(buf, 0, size);
    if (full && full.end === buf.length) return full.descriptor;
  }
  return null;
}
