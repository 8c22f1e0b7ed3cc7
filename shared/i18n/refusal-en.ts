import { RECORD_FIELDS, RECORD_KINDS } from '../record-kinds';

/**
 * English text of whole-file refusals and of the case-file errors the user meets (shared/refusal.ts
 * builds them): the error's `message` is this rendering, kept word for word for the command line,
 * logs and tests; the screens render the error's `msg` from refusal-zh.ts in Chinese. A parameter may
 * be a message itself (the problem inside '{file} was refused: {problem}.').
 */
export const REFUSAL_EN = {
  'refusal.refused': '{file} was refused: {problem}.',
  'refusal.not_found': '{file} was not found or is not a file ({path}).',
  'refusal.cancelled': 'Import of {file} was cancelled; nothing of it was kept.',
  'refusal.cancelled_before': 'Import of {file} was cancelled before it started.',
  'refusal.reading_cancelled': 'Reading the document was cancelled; nothing of it was kept.',
  'refusal.not_read': '{file} was not read before it was stored.',
  'refusal.not_stored': '{file} was not stored.',
  'refusal.stopped': 'Reading {file} stopped before its end.',
  'refusal.read_failed': 'Reading {file} failed: {detail}',
  'refusal.open_timed_out': 'Opening {file} took longer than {seconds} s, so its reading was stopped; nothing of it was imported.',
  'refusal.page_image_timed_out': 'Drawing page {page} of {file} took longer than {seconds} s, so it was stopped. The text read from the page and the fields proposed from it are shown as read; check them against the original.',
  'refusal.page_image_cancelled': 'Drawing page {page} of {file} was cancelled.',
  'refusal.page_image_failed': 'Drawing page {page} of {file} stopped its thread ({detail}). The text read from the page and the fields proposed from it are shown as read; check them against the original.',
  'refusal.received_failed': '{file} could not be received ({detail}); nothing of it was kept.',
  'refusal.upload_too_big': '{file} is larger than {mb} MB, the most browser mode takes by upload; import it with the command line (zeromile import) instead.',
  'refusal.upload_failed': 'Upload failed: {problem}',
  'refusal.no_file_on_disk': 'This item has no file on disk (dragged from another app?). Save it as a file, then drop the file.',
  // What a file is (sniff.ts).
  'refusal.empty': 'the file is empty',
  'refusal.old_excel': 'it is an old binary Excel/Office file (.xls); save it as .xlsx or CSV and import that',
  'refusal.binary_named_text': 'its name ends in {ext} but it holds binary data, not text, so it is not a {format} file (another kind of file renamed, or a damaged one); import CSV, XLSX, JSON lines, PDF or images',
  'refusal.binary': 'it is a binary file ({ext}) of a kind ZeroMile does not read; import CSV, XLSX, JSON lines, PDF or images',
  'refusal.no_extension': 'no extension',
  'refusal.xlsx_too_big': 'workbooks over {mb} MB are not read; save the sheets as CSV and import those',
  'refusal.document_too_big': 'documents over {mb} MB are not read',
  'refusal.changed': 'it changed while it was being imported. Import it again once nothing writes to it',
  'refusal.encoding_single_byte': 'its text is neither UTF-8 nor GB18030/GBK but a single-byte encoding such as Windows-1252 or Latin-1 (as in “{sample}”), which would be read garbled. Save it as “CSV UTF-8” and import that',
  'refusal.encoding_mixed': 'its text is UTF-8 with bytes that are not (two encodings in one file, near “{sample}”), which would be read garbled. Save it as “CSV UTF-8” and import that',
  // Tables (table-reading.ts, csv-reader.ts, jsonl-reader.ts).
  'refusal.no_table': 'it holds no table',
  'refusal.no_header_row': 'it has no header row',
  'refusal.no_rows': 'no rows',
  'refusal.sheet_empty': 'the sheet is empty',
  'refusal.sheet_reason': 'sheet {sheet}: {why}',
  'refusal.reasons': '{first}; {next}',
  'refusal.list': '{first}, {next}',
  'refusal.none': '(none)',
  'refusal.and_more': 'and {count} more',
  'refusal.no_kind': 'no record kind matches its headers (found: {found}); nearest kind: {kind}, missing {missing}',
  'refusal.jsonl_first_line': 'its first line is not a JSON object with headers as keys: JSON lines hold one record a line (a JSON document such as a rule pack is not a table; rule packs are imported on the Rule packs screen or with "zeromile packs CASE --import FILE")',
  'refusal.csv_row_never_ends': 'row {row} never ends (an unclosed quote?): more than {mb} MB without a row break',
  'refusal.jsonl_line_too_long': 'line {line} is longer than {mb} MB; this is not a JSON-lines file',
  // Workbooks (xlsx-*.ts, xml-scanner.ts): '{file} was refused: it is not a readable XLSX workbook ({problem}).'
  'refusal.xlsx_unreadable': 'it is not a readable XLSX workbook ({problem})',
  'refusal.zip_incomplete': 'it is not a complete zip archive (its central directory is missing; the file may be cut short)',
  'refusal.zip64_damaged': 'its zip64 directory record is damaged',
  'refusal.zip_past_end': 'its central directory points past the end of the file (the file may be cut short)',
  'refusal.zip_directory_damaged': 'its central directory is damaged',
  'refusal.part_encrypted': 'its part {part} is encrypted (a password-protected workbook cannot be read)',
  'refusal.part_method': 'its part {part} is compressed with method {method}, which is not deflate',
  'refusal.part_misplaced': 'its part {part} does not start where the directory says',
  'refusal.part_empty': 'its part {part} is empty',
  'refusal.part_missing': 'its part {part} is missing',
  'refusal.no_workbook': 'it has no workbook part (it is a zip archive, but not a workbook)',
  'refusal.too_many_strings': 'it has more than {max} shared strings',
  'refusal.strings_too_long': 'its shared strings hold more than {max} M characters',
  'refusal.cell_too_long': '{where} is longer than {max} {max|character|characters}, Excel\'s limit for a cell (it begins {start}…)',
  'refusal.cell_past_xfd': '{where} has a cell past column XFD, Excel\'s last ({cell})',
  'refusal.row_too_long': '{where} holds more than {max} M characters',
  'refusal.where_row': 'its sheet {sheet} row {row}',
  'refusal.where_shared_string': 'its shared string {n}',
  'refusal.where_string': 'a string',
  'refusal.xml_bare_amp': 'its XML has a bare "&"',
  'refusal.xml_bad_reference': 'its XML has a bad character reference {reference}',
  'refusal.xml_too_long': 'its XML has a tag, comment or CDATA section longer than {mb} M characters',
  'refusal.xml_cut_short': 'its XML stops before its end{inside}: the file may be cut short',
  'refusal.xml_inside': ' (inside <{tag}>)',
  'refusal.xml_doctype': 'its XML has a DOCTYPE or declaration, which no workbook part has',
  'refusal.xml_lt_in_tag': 'its XML has a "<" inside a tag',
  'refusal.xml_mismatch': 'its XML closes <{name}> where <{expected}> is open',
  'refusal.xml_nothing': 'nothing',
  'refusal.xml_bad_tag': 'its XML has a bad tag <{tag}>',
  'refusal.xml_two_roots': 'its XML has more than one root element',
  'refusal.xml_text_outside': 'its XML has text outside its root element',
  // PDFs and images (documents/).
  'refusal.not_document': '{file} is neither a PDF nor an image (PNG, JPEG, TIFF, GIF, WebP).',
  'refusal.image_unreadable': '{file} cannot be read as an image ({detail}); nothing of it was imported.',
  'refusal.image_too_large': '{page} {width} × {height} {height|pixel|pixels} ({megapixels} {megapixels|megapixel|megapixels}), and {format} images of at most {limit} {limit|megapixel|megapixels} a page are read',
  'refusal.image_it': 'it is',
  'refusal.image_page': 'page {page} of {pages} is',
  'refusal.pdf_streams_total': 'its compressed streams inflate to more than {mb} MB; nothing of it was imported',
  'refusal.pdf_stream': 'one of its compressed streams inflates to more than {mb} MB (a PDF "bomb" or a damaged file); nothing of it was imported',
  // Browser mode's folders (files/path-policy.ts).
  'refusal.path_outside_open': '{path} is outside the folders this browser session may open case files from ({folders}). Start it with --folder DIR to add one.',
  'refusal.path_outside_write': '{path} is outside the folders this browser session may write ({folders}). Start it with --folder DIR to add one.',
  'refusal.path_outside_read': '{path} is outside the folders this browser session may read ({folders}). Start it with --folder DIR to add one.',
  'refusal.pdf_password': '{file} is password-protected; remove the password (or print it to a new PDF) and import it again.',
  'refusal.ocr_start': 'OCR could not start: {detail}',
  'refusal.ocr_folder_not_plain': '{path} is not a plain folder; the OCR models are not loaded from it.',
  'refusal.ocr_folder_foreign': '{path} belongs to another user; the OCR models are not loaded from it.',
  'refusal.ocr_model_mismatch': 'The OCR model {path} does not match the one shipped with ZeroMile after copying.',
  'refusal.table_unfinished': 'the table was not read to its end',
  'refusal.pdf_unreadable': '{file} is not a readable PDF ({detail}); nothing of it was imported.',
  // The case file (shared/errors.ts toWireError).
  'error.case_busy': 'The case file is in use by another ZeroMile (the app or the command line) and did not become free in time. Nothing was changed; try again when that work has finished.',
  'error.case_damaged': 'The case file is damaged ({detail}). Nothing was repaired; restore it from a backup and run zeromile verify.',
  'error.disk_full': 'The disk is full (or the file reached its size limit), so the work stopped and what it had written was rolled back; the case file is as it was. Free some space and try again.',
  'error.open_write_failed': '{file} cannot be opened: SQLite could not write the files it keeps beside it (its -shm index, its -wal log) ({code}: {detail}). The disk may be full, or the folder not writable, or this process may have a file size limit (ulimit -f). The case file was not changed.',
  'error.open_size_limit': '{file} cannot be opened: this process may not write files larger than {limit} {limit|byte|bytes} (its file size limit, ulimit -f), and SQLite must write the files it keeps beside the case file (its -shm index is 32,768 bytes, its -wal log grows with every change) ({code}: {detail}). Raise the limit (ulimit -f unlimited) and try again. The case file was not changed.',
  'error.case_size_limit': '{file} could not be written: this process may not write files larger than {limit} {limit|byte|bytes} (its file size limit, ulimit -f), and {part} has reached it ({size} {size|byte|bytes}; {code}). The work was rolled back: the case file is as it was. Raise the limit (ulimit -f unlimited) and try again.',
  'error.scratch_size_limit': 'The rule run on {file} stopped: this process may not write files larger than {limit} {limit|byte|bytes} (its file size limit, ulimit -f), and the scratch file of {rule} ({part}) reached it ({code}). The run was rolled back: the case file is as it was. Raise the limit (ulimit -f unlimited) and try again.',
  'error.case_disk_full': 'The case file {file} could not be written: the disk it is on (or the one that holds SQLite\'s temporary files) is full ({code}), so the work stopped and what it had written was rolled back; the case file is as it was. Free some space on that disk and try again.',
  'error.case_read_only': 'The case file {file} is read-only ({code}: its permissions, or a read-only disk or folder), so nothing was written to it. Make it writable (or copy it somewhere writable) and try again.',
  'error.file_exists': '{path} already exists, and it was left as it was. Choose another name, or say to replace it.',
  'error.read_only': 'The case file is read-only ({code}: its permissions, or a read-only disk or folder), so nothing was written to it. Make it writable and try again.',
  'error.disk_error': 'The disk reported an error while the case file was written ({code}); the work was rolled back. Check the disk and run zeromile verify.',
} as const;

export type RefusalKey = keyof typeof REFUSAL_EN;

/** Every field a table may hold, named as its canonical column in English (the refusal lists the missing ones). */
const FIELD_NAMES = [...new Set(Object.values(RECORD_FIELDS).flat().map((f) => f.name))];

/** A record kind ('sales') or a canonical column ('seller') in a refusal, in the reader's language. */
export const refusalKindKey = (kind: string) => `refusal.kind.${kind}`;
export const refusalColumnKey = (name: string) => `refusal.column.${name}`;

/** The catalogue: the sentences above, each record kind and each canonical column as it is spelled in English. */
export const REFUSAL_CATALOGUE_EN: Readonly<Record<string, string>> = {
  ...REFUSAL_EN,
  ...Object.fromEntries(RECORD_KINDS.map((k) => [refusalKindKey(k), k])),
  ...Object.fromEntries(FIELD_NAMES.map((n) => [refusalColumnKey(n), n])),
};

export { FIELD_NAMES as REFUSAL_FIELD_NAMES };
