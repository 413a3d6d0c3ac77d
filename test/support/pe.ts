// Reads what a Windows executable needs at load time: the DLLs named in its import and delay-load import
// directories (PE/COFF specification, "The .idata Section" and "Delay-Load Import Tables"). Used to keep
// preflight.exe loadable on a base WinPE, which lacks e.g. the Visual C++ runtime (VCRUNTIME140.dll).

export interface PeImports {
  machine: 'x64' | 'arm64' | 'x86' | `0x${string}`;
  imports: string[];
  delayImports: string[];
}

const MACHINES: Record<number, PeImports['machine']> = { 0x8664: 'x64', 0xaa64: 'arm64', 0x14c: 'x86' };

export function peImports(buf: Buffer): PeImports {
  if (buf.toString('latin1', 0, 2) !== 'MZ') throw new Error('no MZ signature');
  const pe = buf.readUInt32LE(0x3c);
  if (buf.toString('latin1', pe, pe + 4) !== 'PE\0\0') throw new Error('no PE signature');
  const coff = pe + 4;
  const machineId = buf.readUInt16LE(coff);
  const sections = buf.readUInt16LE(coff + 2);
  const optSize = buf.readUInt16LE(coff + 16);
  const opt = coff + 20;
  const magic = buf.readUInt16LE(opt);
  // Data directories start at 96 (PE32) or 112 (PE32+) bytes into the optional header; 8 bytes each.
  const dirs = opt + (magic === 0x20b ? 112 : 96);
  const dir = (i: number) => ({ rva: buf.readUInt32LE(dirs + 8 * i), size: buf.readUInt32LE(dirs + 8 * i + 4) });
  const table = opt + optSize;
  const toOffset = (rva: number): number => {
    for (let i = 0; i < sections; i++) {
      const s = table + 40 * i;
      const va = buf.readUInt32LE(s + 12);
      const raw = buf.readUInt32LE(s + 20);
      const size = Math.max(buf.readUInt32LE(s + 8), buf.readUInt32LE(s + 16));
      if (rva >= va && rva < va + size) return rva - va + raw;
    }
    throw new Error(`RVA 0x${rva.toString(16)} is in no section`);
  };
  const cString = (off: number) => buf.toString('latin1', off, buf.indexOf(0, off));
  const names = (rva: number, entrySize: number, nameField: number): string[] => {
    const out: string[] = [];
    if (rva === 0) return out;
    for (let off = toOffset(rva); ; off += entrySize) {
      const name = buf.readUInt32LE(off + nameField);
      if (name === 0) return out;
      out.push(cString(toOffset(name)));
    }
  };
  return {
    machine: MACHINES[machineId] ?? `0x${machineId.toString(16)}`,
    // Import directory (1): 20-byte descriptors, Name RVA at +12. Delay-load (13): 32 bytes, DllNameRVA at +4.
    imports: names(dir(1).rva, 20, 12),
    delayImports: names(dir(13).rva, 32, 4),
  };
}
