import type { RunFreshness } from './contract/rules-run';
import { message, type Message } from './i18n/message';

/** File names listed in a vehicle's warning; the rest are counted. */
const NAMED_FILES = 3;

const joined = (parts: Message[]): Message =>
  parts.length === 1 ? parts[0]! : parts.length === 2 ? message('stale.two', { a: parts[0]!, b: parts[1]! }) : message('stale.three', { a: parts[0]!, b: parts[1]!, c: parts[2]! });

/**
 * The warning that the flags may be out of date, one text on screen and on paper (CASE_EN/CASE_ZH
 * `stale.*`): "3 files imported after the latest rule run (#4, 4 Dec 2026, 10:02): flags may be out
 * of date. Run the rules again." `when` is the run's start as the medium writes times. Null when the
 * run still describes the case.
 */
export function staleRunMessage(freshness: RunFreshness, when: string): Message | null {
  const { run, after } = freshness;
  if (!run || !after) return null;
  const parts: Message[] = [];
  if (after.files > 0) parts.push(message('stale.files', { count: after.files }));
  if (after.accepted > 0) parts.push(message('stale.accepted', { count: after.accepted }));
  if (after.packs > 0) parts.push(message('stale.packs'));
  if (parts.length === 0) return null;
  // Its own sentence: 'rule packs changed' leads no English sentence in lower case.
  if (parts.length === 1 && after.packs > 0) return message('stale.run_packs', { run: run.id, when });
  return message('stale.run', { what: joined(parts), run: run.id, when });
}

/** The warning of a vehicle whose own records came after the run, naming their files; null when none did. */
export function staleVehicleMessage(freshness: RunFreshness, when: string): Message | null {
  const files = freshness.vehicle_files ?? [];
  if (!freshness.run || files.length === 0) return null;
  const named = files.slice(0, NAMED_FILES).join(', ');
  const list = files.length > NAMED_FILES ? message('stale.more_files', { files: named, count: files.length - NAMED_FILES }) : named;
  return message('stale.vehicle', { files: list, run: freshness.run.id, when });
}
