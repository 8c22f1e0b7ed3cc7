/**
 * Text encodings of table files, detected not asked: a BOM decides; otherwise the first stretch of
 * non-ASCII bytes is tried as UTF-8, and if it is not valid UTF-8 the file is GB18030 (a superset of
 * GBK and GB2312, which is what Chinese Excel writes). The detector is fed the file piece by piece
 * (during the hash pass), so a file whose first megabytes are plain ASCII is still judged by its
 * first Chinese characters.
 */
import { isAscii } from 'node:buffer';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export type EncodingGuess = { encoding: TextEncoding; bom: boolean };

const WINDOW = 64 * 1024;

export class EncodingDetector {
  private first = true;
  private decided: EncodingGuess | null = null;

  /** Feeds the next piece of the file; returns true once the answer is known. */
  push(bytes: Buffer): boolean {
    if (this.decided) return true;
    if (this.first) {
      this.first = false;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) this.decided = { encoding: 'utf-8', bom: true };
      else if (bytes[0] === 0xff && bytes[1] === 0xfe) this.decided = { encoding: 'utf-16le', bom: true };
      else if (bytes[0] === 0xfe && bytes[1] === 0xff) this.decided = { encoding: 'utf-16be', bom: true };
      if (this.decided) return true;
    }
    const start = firstNonAscii(bytes);
    if (start < 0) return false;
    // A non-ASCII byte after ASCII starts a sequence, so decoding from it is fair; the tail may be cut mid-character.
    const window = bytes.subarray(start, start + WINDOW);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(window, { stream: true });
      this.decided = { encoding: 'utf-8', bom: false };
    } catch {
      this.decided = { encoding: 'gb18030', bom: false };
    }
    return true;
  }

  /** The answer; a file of pure ASCII reads as UTF-8. */
  result(): EncodingGuess {
    return this.decided ?? { encoding: 'utf-8', bom: false };
  }
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
