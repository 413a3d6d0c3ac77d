// The XML data resource: UTF-16LE with a byte-order mark, root <WIM> with one <IMAGE INDEX="n"> per image
// [wim-format.md §6; wimlib src/xml.c, src/xml_windows.c]. Only what preflight shows or compares is
// picked out; the text itself is kept for callers that want more.
import { XMLParser } from 'fast-xml-parser';
import { WimFormatError } from './errors';

/** Real XML data is a few KiB per image; more than this is refused before decoding. */
export const MAX_XML_BYTES = 32 * 1024 * 1024;

export interface WimImageInfo {
  index: number;
  name: string | null;
  description: string | null;
  displayName: string | null;
  displayDescription: string | null;
  /** wimlib and DISM put the EditionID here. */
  flags: string | null;
  dirCount: number | null;
  fileCount: number | null;
  totalBytes: number | null;
  windows: {
    arch: number | null;
    productName: string | null;
    editionId: string | null;
    installationType: string | null;
    productType: string | null;
    systemRoot: string | null;
    languages: string[];
    defaultLanguage: string | null;
    version: { major: number | null; minor: number | null; build: number | null; spBuild: number | null; spLevel: number | null } | null;
  } | null;
}

export interface WimXml {
  text: string;
  images: WimImageInfo[];
  warnings: string[];
  /** `<ESD><ENCRYPTED>`: an encrypted ESD (as Windows Update downloads them); its tables cannot be read. */
  encrypted: boolean;
}

const PARSER = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => name === 'IMAGE' || name === 'LANGUAGE',
});

type Node = Record<string, unknown>;

function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as Node)['#text'] === 'string') return (v as Node)['#text'] as string;
  return null;
}

function num(v: unknown): number | null {
  const s = str(v);
  if (s === null || !/^(0x[0-9a-f]+|\d+)$/i.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

export function decodeXml(file: string, offset: number, data: Buffer): string {
  if (data.length < 2 || data[0] !== 0xff || data[1] !== 0xfe)
    throw new WimFormatError(file, offset, 'XML data', 'no UTF-16LE byte-order mark');
  return data.toString('utf16le', 2, data.length & ~1);
}

export function parseWimXml(file: string, offset: number, data: Buffer, imageCount: number): WimXml {
  const text = decodeXml(file, offset, data);
  const warnings: string[] = [];
  let doc: Node;
  try {
    doc = PARSER.parse(text) as Node;
  } catch (e) {
    throw new WimFormatError(file, offset, 'XML data', `not well-formed: ${(e as Error).message}`);
  }
  const wim = doc.WIM as Node | undefined;
  if (!wim || typeof wim !== 'object') throw new WimFormatError(file, offset, 'XML data', 'no <WIM> root element');
  const images: WimImageInfo[] = [];
  for (const img of (wim.IMAGE as Node[] | undefined) ?? []) {
    const index = num(img['@INDEX']);
    if (index === null) {
      warnings.push('an <IMAGE> without a numeric INDEX is ignored');
      continue;
    }
    const w = img.WINDOWS as Node | undefined;
    const v = w?.VERSION as Node | undefined;
    const langs = w?.LANGUAGES as Node | undefined;
    images.push({
      index,
      name: str(img.NAME),
      description: str(img.DESCRIPTION),
      displayName: str(img.DISPLAYNAME),
      displayDescription: str(img.DISPLAYDESCRIPTION),
      flags: str(img.FLAGS),
      dirCount: num(img.DIRCOUNT),
      fileCount: num(img.FILECOUNT),
      totalBytes: num(img.TOTALBYTES),
      windows:
        w && typeof w === 'object'
          ? {
              arch: num(w.ARCH),
              productName: str(w.PRODUCTNAME),
              editionId: str(w.EDITIONID),
              installationType: str(w.INSTALLATIONTYPE),
              productType: str(w.PRODUCTTYPE),
              systemRoot: str(w.SYSTEMROOT),
              languages: ((langs?.LANGUAGE as unknown[] | undefined) ?? []).map(str).filter((s): s is string => s !== null),
              defaultLanguage: str(langs?.DEFAULT),
              version:
                v && typeof v === 'object'
                  ? { major: num(v.MAJOR), minor: num(v.MINOR), build: num(v.BUILD), spBuild: num(v.SPBUILD), spLevel: num(v.SPLEVEL) }
                  : null,
            }
          : null,
    });
  }
  images.sort((a, b) => a.index - b.index);
  // wimlib requires INDEX to be exactly 1..N with N the header's count; a mismatch is reported, and the
  // images themselves are still found by their metadata entries.
  const exact = images.length === imageCount && images.every((im, i) => im.index === i + 1);
  if (!exact) warnings.push(`the XML describes images [${images.map((i) => i.index).join(', ')}] but the header counts ${imageCount}`);
  const esd = wim.ESD as Node | undefined;
  const encrypted = !!esd && typeof esd === 'object' && esd.ENCRYPTED !== undefined;
  return { text, images, warnings, encrypted };
}
