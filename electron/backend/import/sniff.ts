import type { Message } from '../../../shared/i18n/message';
import { refusalMessage } from '../../../shared/refusal';

/**
 * What a file is, from its first bytes (magic numbers), never from its name alone: a renamed
 * PDF is still a PDF. Text files are tables: JSON lines when the first character is `{`, CSV otherwise.
 */
export type FileFormat =
  | { format: 'csv' | 'jsonl' | 'xlsx'; mediaType: string }
  | { format: 'document'; mediaType: string }
  | { format: 'unknown'; problem: Message };

const TEXT_EXTENSIONS: ReadonlySet<string> = new Set(['.csv', '.tsv', '.txt', '.json', '.jsonl', '.ndjson']);

const startsWith = (head: Buffer, bytes: readonly number[], at = 0) => bytes.every((b, i) => head[at + i] === b);

export function sniffFormat(head: Buffer, fileName: string): FileFormat {
  if (head.length === 0) return { format: 'unknown', problem: refusalMessage('refusal.empty') };
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { format: 'document', mediaType: 'application/pdf' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { format: 'document', mediaType: 'image/png' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { format: 'document', mediaType: 'image/jpeg' };
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return { format: 'document', mediaType: 'image/tiff' };
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return { format: 'document', mediaType: 'image/gif' };
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8)) return { format: 'document', mediaType: 'image/webp' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    return { format: 'xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
    return { format: 'unknown', problem: refusalMessage('refusal.old_excel') };
  }
  const utf16 = startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]);
  if (!utf16 && head.subarray(0, 8192).includes(0)) {
    const dot = fileName.lastIndexOf('.');
    const ext = dot >= 0 ? fileName.slice(dot).toLowerCase() : '';
    // A name that promises text (a renamed or damaged file) is answered with what the content is.
    if (TEXT_EXTENSIONS.has(ext)) {
      return { format: 'unknown', problem: refusalMessage('refusal.binary_named_text', { ext, format: ext.slice(1).toUpperCase() }) };
    }
    return { format: 'unknown', problem: refusalMessage('refusal.binary', { ext: ext || refusalMessage('refusal.no_extension') }) };
  }
  const text = head.subarray(0, 4096).toString(utf16 ? 'utf16le' : 'latin1').replace(/^\uFEFF|^\u00ef\u00bb\u00bf/, '').trimStart();
  if (text.startsWith('{')) return { format: 'jsonl', mediaType: 'application/x-ndjson' };
  return { format: 'csv', mediaType: 'text/csv' };
}
