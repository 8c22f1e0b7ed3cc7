import { openCaseFile } from '../../casefile/open-case-file';
import { searchDocuments } from '../../documents/search-documents';
import { type CliCommand, UsageError, parseCommandArgs } from '../command';

export const searchCommand: CliCommand = {
  name: 'search',
  usage: 'search CASE QUERY [--json] [--limit N]',
  summary: 'full-text search over the text of every PDF and image in the case (Chinese and English)',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, limit: { type: 'string' } });
    if (positionals.length < 2) throw new UsageError('give a case file and the text to find');
    const [casePath, ...words] = positionals;
    const query = words.join(' ');
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('--limit takes a whole number of at least 1');
    const caseFile = openCaseFile(casePath!, { readonly: true });
    try {
      const result = searchDocuments(caseFile.db, query, limit === undefined ? {} : { limit });
      if (values.json) {
        io.out(JSON.stringify({ query, ...result }));
        return 0;
      }
      if (result.hits.length === 0) io.out(`no document contains "${query}"`);
      for (const hit of result.hits) io.out(`${hit.file_name} (document ${hit.document_id}) page ${hit.page}: ${hit.snippet.replace(/\n/g, ' ')}`);
      if (result.more) io.out(`${result.hits.length} of ${result.total}${result.total_capped ? '+' : ''} pages shown; --limit N shows more`);
    } finally {
      caseFile.close();
    }
    return 0;
  },
};
