import { createReadStream } from 'node:fs';
import type { TextEncoding } from './encoding';
import { countBytes, type ByteCounter } from './table-source';

/**
 * Bytes read at a time from a text table (CSV, JSON lines). Small pieces keep the rows alive at any
 * moment few, so the garbage collector finds them young; and the decoded text of a piece stays under
 * V8's large-object size (128 KB), so it is made in the young generation rather than in memory fresh
 * from the system: on this machine the page faults of that fresh memory cost more than the decoding
 * itself (the bench's 187 MB CSV decodes in 2.0 s in 256 KB pieces, 0.6 s in 32 or 64 KB pieces).
 */
const TEXT_PIECE_BYTES = 32 * 1024;

/** Text to parse: what the last parse left unfinished followed by the text read since; `last` at the end of the file. */
export type TextPiece = { text: string; last: boolean };

/**
 * The text of a CSV or JSON-lines file, decoded piece by piece (TextDecoder in stream mode, so a
 * character split across pieces survives), for a parser that reads every complete row and leaves
 * the unfinished last one: it hands that back with `leave`, and gets it again in front of the next
 * piece. A row longer than a piece (long quoted text, an unclosed quote) would be parsed again from
 * its start with every piece; it is given again only once its text has doubled, which keeps that
 * linear. An unfinished row longer than `limit` is refused with `tooLong()`.
 */
export class TextPieces {
  private pending = '';
  /** Length of the unfinished row the last parse left. */
  private left = 0;

  constructor(private readonly limit: number, private readonly tooLong: () => Error) {}

  async *read(path: string, encoding: TextEncoding, counter: ByteCounter): AsyncGenerator<TextPiece> {
    const decoder = new TextDecoder(encoding);
    for await (const piece of createReadStream(path, { highWaterMark: TEXT_PIECE_BYTES })) {
      countBytes(counter, piece as Buffer);
      const text = this.pending + decoder.decode(piece as Buffer, { stream: true });
      if (this.left > TEXT_PIECE_BYTES && text.length < 2 * this.left) {
        this.keep(text);
        continue;
      }
      yield { text, last: false };
    }
    yield { text: this.pending + decoder.decode(), last: true };
  }

  /** What the parse of the last text left unfinished (all of it, when it could not start yet). */
  leave(rest: string): void {
    this.keep(rest);
    this.left = rest.length;
  }

  private keep(text: string): void {
    this.pending = text;
    if (text.length > this.limit) throw this.tooLong();
  }
}
