/**
 * Text encodings of table files, detected not asked: a BOM decides; otherwise the first stretch of
 * non-ASCII bytes is tried as UTF-8, and if it is not valid UTF-8 it is GB18030 (a superset of
 * GBK and GB2312, which is what Chinese Excel writes), unless its bytes are not Chinese text: then
 * the file is refused (see `notChinese`) rather than read garbled. The detector is fed the file
 * piece by piece (during the hash pass), so a file whose first megabytes are plain ASCII is still
 * judged by its first Chinese characters.
 */
import { isAscii } from 'node:buffer';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/**
 * `unreadable`: the bytes are neither UTF-8 nor GB18030 (DOMAIN.md: the only encodings files come
 * in without a BOM), so the file is refused rather than read garbled: 'single_byte' for Western
 * single-byte text (Windows-1252, Latin-1, Windows-1254...), 'mixed' for UTF-8 text with bytes that
 * are not; `sample`: the first such text as Windows-1252 would show it, for the message.
 */
export type EncodingGuess = { encoding: TextEncoding; bom: boolean; unreadable?: { problem: 'single_byte' | 'mixed'; sample: string } };

const WINDOW = 64 * 1024;

export class EncodingDetector {
  private first = true;
  private decided: EncodingGuess | null = null;
  /**
   * The first non-ASCII bytes, when the piece they came in ended before a whole window of them: judged
   * with the next piece. Judged alone, a GB18030 file whose first Chinese character began on a piece's
   * last byte (a lead byte such as 0xCD, which starts a UTF-8 sequence too) was taken for UTF-8, and
   * every Chinese name of it read as U+FFFD.
   */
  private held: Buffer | null = null;

  /** Feeds the next piece of the file; returns true once the answer is known. */
  push(piece: Buffer): boolean {
    if (this.decided) return true;
    if (this.first) {
      this.first = false;
      if (piece[0] === 0xef && piece[1] === 0xbb && piece[2] === 0xbf) this.decided = { encoding: 'utf-8', bom: true };
      else if (piece[0] === 0xff && piece[1] === 0xfe) this.decided = { encoding: 'utf-16le', bom: true };
      else if (piece[0] === 0xfe && piece[1] === 0xff) this.decided = { encoding: 'utf-16be', bom: true };
      if (this.decided) return true;
    }
    const bytes = this.held ? Buffer.concat([this.held, piece.subarray(0, WINDOW)]) : piece;
    this.held = null;
    const start = firstNonAscii(bytes);
    if (start < 0) return false;
    if (start + WINDOW > bytes.length) {
      // With a little of the ASCII before, for the sample a refusal quotes.
      this.held = Buffer.from(bytes.subarray(Math.max(0, start - 16)));
      return false;
    }
    this.decide(bytes, start, true);
    return true;
  }

  /** The answer; a file of pure ASCII reads as UTF-8. */
  result(): EncodingGuess {
    // The file ended within the window: its end ends the last character too.
    if (!this.decided && this.held) this.decide(this.held, firstNonAscii(this.held), false);
    return this.decided ?? { encoding: 'utf-8', bom: false };
  }

  /** `more`: the file goes on past the window, whose tail may be cut mid-character. */
  private decide(bytes: Buffer, start: number, more: boolean): void {
    // A non-ASCII byte after ASCII starts a sequence, so decoding from it is fair.
    const window = bytes.subarray(start, start + WINDOW);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(window, { stream: more });
      this.decided = { encoding: 'utf-8', bom: false };
    } catch {
      const problem = notChinese(window);
      this.decided = problem ? { encoding: 'gb18030', bom: false, unreadable: { problem, sample: sampleOf(bytes, start) } } : { encoding: 'gb18030', bom: false };
    }
  }
}

/**
 * Why bytes that are not UTF-8 are not GB18030 either, or null when they read as Chinese text.
 * As GB18030 pairs them, a common Chinese character (GB2312's, most of any Chinese text) is a lead
 * byte followed by a trail byte of 0xA1-0xFE, and GB18030's four-byte characters are Chinese too.
 * Western single-byte text puts an accented letter between ASCII letters ('i', 'é', 't' in
 * 'Société'), which GB18030 would pair into a character with an ASCII trail; a rare Chinese
 * character may have such a trail (GBK's extension: names' characters such as 堃), but it follows
 * another Chinese character or a separator, seldom a Latin letter. And an accented letter before a
 * space, a comma or a line end pairs with nothing, which never happens in GB18030. The text is
 * Western when such evidence outweighs the Chinese characters. Text that is mostly valid UTF-8
 * sequences (nine in ten of its non-ASCII bytes) is UTF-8 with some bytes that are not (two files
 * joined, a cell pasted from elsewhere), which GB18030 would garble whole.
 */
function notChinese(bytes: Buffer): 'single_byte' | 'mixed' | null {
  if (mostlyUtf8(bytes)) return 'mixed';
  let chinese = 0;
  let western = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    const lead = bytes[i]!;
    if (lead < 0x80) continue;
    const second = bytes[i + 1]!;
    if (lead === 0x80 || lead === 0xff) {
      western++;
    } else if (second >= 0x30 && second <= 0x39) {
      const third = bytes[i + 2] ?? 0;
      const fourth = bytes[i + 3] ?? 0;
      if (third >= 0x81 && third <= 0xfe && fourth >= 0x30 && fourth <= 0x39) {
        chinese++;
        i += 3;
      } else {
        western++;
      }
    } else if (second >= 0xa1 && second <= 0xfe) {
      chinese++;
      i++;
    } else if (second >= 0x40 && second !== 0x7f && second !== 0xff) {
      if (second < 0x80 && isLetter(second) && i > 0 && isLetter(bytes[i - 1]!)) western++;
      i++;
    } else {
      western++;
    }
  }
  return western > chinese ? 'single_byte' : null;
}

function isLetter(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

/** Whether nine in ten of the non-ASCII bytes are in valid UTF-8 sequences. */
function mostlyUtf8(bytes: Buffer): boolean {
  let nonAscii = 0;
  let inSequences = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! < 0x80) continue;
    const length = utf8SequenceAt(bytes, i);
    if (length === 0) {
      nonAscii++;
      continue;
    }
    nonAscii += length;
    inSequences += length;
    i += length - 1;
  }
  return nonAscii > 0 && inSequences >= nonAscii * 0.9;
}

/** Bytes of a valid UTF-8 multibyte sequence starting at `at` (0: none). */
function utf8SequenceAt(bytes: Buffer, at: number): number {
  const lead = bytes[at]!;
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0 || at + length > bytes.length) return 0;
  for (let k = 1; k < length; k++) if ((bytes[at + k]! & 0xc0) !== 0x80) return 0;
  return length;
}

/** Up to 40 characters around the first non-ASCII byte, as Windows-1252 shows them, on one line. */
function sampleOf(bytes: Buffer, start: number): string {
  const from = Math.max(0, start - 16);
  const text = new TextDecoder('windows-1252').decode(bytes.subarray(from, start + 24));
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}

function firstNonAscii(bytes: Buffer): number {
  if (isAscii(bytes)) return -1;
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i;
  return -1;
}

/**
 * The encoding of a file from its head alone, when the head decides it as a pass over the whole
 * file would (a BOM, a whole stretch of its first non-ASCII bytes, or the whole file); else null.
 */
export function encodingFromHead(head: Buffer, size: number): EncodingGuess | null {
  const guess = detectEncoding(head);
  if (guess.bom || head.length >= size) return guess;
  const start = firstNonAscii(head);
  return start >= 0 && start + WINDOW <= head.length ? guess : null;
}

export function detectEncoding(bytes: Buffer): EncodingGuess {
  const detector = new EncodingDetector();
  detector.push(bytes);
  return detector.result();
}
