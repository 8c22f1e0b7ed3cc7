import type { ImportFileResult } from '../../../../shared/contract/import';
import { readDifferentlyMessages, twinColumnsMessage } from '../../../../shared/value-marks';
import { useI18n } from '../../i18n/i18n';

/**
 * What an import read differently from how the file wrote it: fields two columns give (a warning,
 * with the rows rejected where they differ), and the values marked on their records (a count by
 * reason, the first few named with their row), in the reader's language.
 */
export function ValueMarkNotes({ result }: { result: ImportFileResult }) {
  const { msg } = useI18n();
  const twins = result.twin_columns ?? [];
  const read = result.read_differently ? readDifferentlyMessages(result.read_differently) : [];
  if (twins.length === 0 && read.length === 0) return null;
  const [summary, ...named] = read;
  return (
    <>
      {twins.map((twin) => (
        <p key={`${twin.sheet ?? ''}:${twin.field}`} className="zm-drop-twins" role="alert" data-note="twin-columns">{msg(twinColumnsMessage(twin))}</p>
      ))}
      {summary ? (
        <details className="zm-drop-marks" data-note="read-differently">
          <summary>{msg(summary)}</summary>
          <ul>{named.map((line, i) => <li key={i}>{msg(line)}</li>)}</ul>
        </details>
      ) : null}
    </>
  );
}
