import { fileRefused, refusalMessage } from '../../../shared/refusal';
import { inflateSync } from 'node:zlib';
import { pdfDecryptor } from './pdf-decrypt';
import { pdfStreams, streamData, streamFilters } from './pdf-streams';

/**
 * The most one compressed PDF stream may inflate to. A scanned A4 page at 600 dpi in colour is
 * about 100 MB raw; a 1 MB PDF whose stream inflates to 1 GiB is a bomb (pdfjs held 2.45 GB for it).
 */
export const MAX_PDF_STREAM_BYTES = 128 * 1024 * 1024;
/** The most all of a PDF's compressed streams may inflate to together. */
export const MAX_PDF_INFLATED_BYTES = 1024 * 1024 * 1024;

/**
 * Checks, before pdfjs reads a PDF, that none of its Flate streams inflates past the bounds: each
 * is inflated once with zlib's output limit (and thrown away). A damaged stream is left to pdfjs,
 * which reads what it can; only a stream too large refuses the file.
 */
export function checkPdfStreams(bytes: Uint8Array, fileName: string, perStream = MAX_PDF_STREAM_BYTES, total = MAX_PDF_INFLATED_BYTES): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // An encrypted file's streams are inflated as pdfjs will: decrypted first.
  const decrypt = pdfDecryptor(buffer);
  let inflated = 0;
  for (const stream of pdfStreams(buffer)) {
    const filters = streamFilters(stream.dictionary);
    if (filters[0] !== 'FlateDecode' && filters[0] !== 'Fl') continue;
    const data = streamData(buffer, stream, decrypt);
    if (!data) continue;
    const limit = Math.min(perStream, total - inflated);
    try {
      inflated += inflateSync(data, { maxOutputLength: Math.max(1, limit) }).length;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') continue;
      throw fileRefused(fileName, limit < perStream
        ? refusalMessage('refusal.pdf_streams_total', { mb: total / 1024 ** 2 })
        : refusalMessage('refusal.pdf_stream', { mb: perStream / 1024 ** 2 }));
    }
  }
}
