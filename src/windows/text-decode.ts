// Decoding of the small text files Windows leaves on a volume (Panther logs, State.ini, answer files).
// They come as UTF-8 (with or without BOM), UTF-16LE with BOM (Notepad "Unicode", many Setup files),
// UTF-16BE with BOM, and occasionally UTF-16LE without BOM. domain.md §1.1 (State.ini), §2.2/§3.1 (Panther),
// §7 (answer files). Decoding never throws: invalid bytes become U+FFFD.

import { StringDecoder } from 'node:string_decoder';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** A byte-order mark was present (and has been removed from `text`). */
  bom: boolean;
  /** The encoding was guessed from the byte pattern (no BOM). */
  guessed: boolean;
}

/** How many leading bytes the UTF-16-without-BOM heuristic looks at. */
const SNIFF_BYTES = 4096;

/**
 * Guess UTF-16 without a BOM: text that is mostly ASCII has a zero byte in every other position.
 * HEURISTIC: ≥ 30 % of the 2-byte units have their high byte zero and < 5 % their low byte zero.
 */
export function sniffUtf16(buf: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(buf.length, SNIFF_BYTES) & ~1;
  if (n < 4) return null;
  // Text without a zero byte (UTF-8, ANSI: most logs) is not UTF-16; the C library's memchr says so at
  // once, where the count below runs byte by byte, cold, in V8's interpreter (about a millisecond).
  if (buf.subarray(0, n).indexOf(0) < 0) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenZero++;
    if (buf[i + 1] === 0) oddZero++;
  }
  const units = n / 2;
  if (oddZero / units >= 0.3 && evenZero / units < 0.05) return 'utf-16le';
  if (evenZero / units >= 0.3 && oddZero / units < 0.05) return 'utf-16be';
  return null;
}

function decodeUtf16(buf: Uint8Array, le: boolean): string {
  const even = buf.length & ~1;
  const b = Buffer.from(buf.buffer, buf.byteOffset, even);
  if (le) return b.toString('utf16le');
  const swapped = Buffer.alloc(even);
  for (let i = 0; i < even; i += 2) {
    swapped[i] = b[i + 1];
    swapped[i + 1] = b[i];
  }
  return swapped.toString('utf16le');
}

/** Decode a file's bytes: BOM first, then the UTF-16 heuristic, else UTF-8. */
export function decodeText(input: Uint8Array): DecodedText {
  const buf = input;
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return {
      text: Buffer.from(buf.buffer, buf.byteOffset + 3, buf.length - 3).toString('utf8'),
      encoding: 'utf-8',
      bom: true,
      guessed: false,
    };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: decodeUtf16(buf.subarray(2), true), encoding: 'utf-16le', bom: true, guessed: false };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return { text: decodeUtf16(buf.subarray(2), false), encoding: 'utf-16be', bom: true, guessed: false };
  }
  const sniffed = sniffUtf16(buf);
  if (sniffed) {
    return { text: decodeUtf16(buf, sniffed === 'utf-16le'), encoding: sniffed, bom: false, guessed: true };
  }
  return { text: Buffer.from(buf.buffer, buf.byteOffset, buf.length).toString('utf8'), encoding: 'utf-8', bom: false, guessed: false };
}

/** Split into lines on CRLF, LF or CR; a trailing newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Longest line a LineSplitter hands over; the rest of a longer "line" is dropped (garbage, not a log line). */
export const MAX_LINE_CHARS = 16 * 1024;

/**
 * Decodes a byte stream chunk by chunk into lines, holding at most one line (MAX_LINE_CHARS) at a time:
 * logs of any size are read in bounded memory. The encoding is chosen from the first chunk like
 * decodeText does (a BOM only counts at the start of the file, `atFileStart`).
 */
export class LineSplitter {
  encoding: TextEncoding = 'utf-8';
  private decoder: { write(b: Buffer): string; end(): string } | null = null;
  private swap = false;
  private odd: Buffer | null = null;
  /** The first bytes, gathered until there are enough to choose the encoding. */
  private head: Buffer | null = null;
  private carry = '';
  /** The pending line grew past MAX_LINE_CHARS: drop the rest of it. */
  private overlong = false;
  private pendingCR = false;

  constructor(
    private readonly atFileStart: boolean,
    private readonly onLine: (line: string) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.decoder !== null) return this.feed(chunk);
    // The encoding is chosen on the first SNIFF_BYTES (or the whole input, if shorter): gather them first.
    this.head = this.head ? Buffer.concat([this.head, chunk]) : Buffer.from(chunk);
    if (this.head.length >= SNIFF_BYTES) this.begin();
  }

  end(): void {
    if (this.decoder === null && this.head !== null) this.begin();
    if (this.decoder) this.text(this.decoder.end());
    if (this.carry.length > 0 || this.overlong) this.onLine(this.carry);
    this.carry = '';
    this.overlong = false;
  }

  private begin(): void {
    const head = this.head ?? Buffer.alloc(0);
    this.head = null;
    let skip = 0;
    if (this.atFileStart && head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) skip = 3;
    else if (this.atFileStart && head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) (this.encoding = 'utf-16le'), (skip = 2);
    else if (this.atFileStart && head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) (this.encoding = 'utf-16be'), (skip = 2);
    else this.encoding = sniffUtf16(head) ?? 'utf-8';
    this.swap = this.encoding === 'utf-16be';
    this.decoder = new StringDecoder(this.encoding === 'utf-8' ? 'utf8' : 'utf16le');
    this.feed(head.subarray(skip));
  }

  private feed(input: Buffer): void {
    let chunk = input;
    if (this.swap) {
      if (this.odd) chunk = Buffer.concat([this.odd, chunk]);
      this.odd = chunk.length % 2 === 1 ? Buffer.from(chunk.subarray(chunk.length - 1)) : null;
      chunk = swapPairs(chunk);
    }
    this.text(this.decoder!.write(chunk));
  }

  private text(t: string): void {
    let from = 0;
    if (this.pendingCR && t.startsWith('\n')) from = 1; // the LF of a CRLF split across chunks
    this.pendingCR = false;
    const re = /\r\n|\n|\r/g;
    re.lastIndex = from;
    let m: RegExpExecArray | null;
    while ((m = re.exec(t)) !== null) {
      this.add(t.slice(from, m.index));
      this.onLine(this.carry);
      this.carry = '';
      this.overlong = false;
      from = m.index + m[0].length;
      if (m[0] === '\r' && from === t.length) this.pendingCR = true;
    }
    this.add(t.slice(from));
  }

  private add(piece: string): void {
    if (this.overlong || piece.length === 0) return;
    this.carry += piece;
    if (this.carry.length > MAX_LINE_CHARS) {
      this.carry = this.carry.slice(0, MAX_LINE_CHARS);
      this.overlong = true;
    }
  }
}

/** UTF-16BE → UTF-16LE of the even-length part of `b` (LineSplitter carries an odd last byte over). */
function swapPairs(b: Buffer): Buffer {
  const even = b.length & ~1;
  const out = Buffer.alloc(even);
  for (let i = 0; i < even; i += 2) {
    out[i] = b[i + 1];
    out[i + 1] = b[i];
  }
  return out;
}
