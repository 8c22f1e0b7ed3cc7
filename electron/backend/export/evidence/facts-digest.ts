import { createHash } from 'node:crypto';
import type { EvidenceSheetData, FlagClause, FlagView, SourceView } from './evidence-data';

/**
 * The digest printed on an evidence sheet: SHA-256 over exactly the facts the sheet shows (the
 * case's title and numbers, the chain, the run, the flags with their verdicts and evidence, the
 * notes, the cited documents with their hashes), not when it was printed nor the chain head then.
 * It names the vehicle and the run, so `zeromile verify CASE --digest D` can rebuild the same
 * sheet from the case file and say whether the case still holds those facts.
 */
export type FactsDigest = { vin: string; runId: number; sha256: string };

const PATTERN = /zm1-([A-HJ-NPR-Z0-9]{17})-r(\d+)-([0-9a-f]{64})/;

/** JSON with object keys in sorted order: the same facts always encode to the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/*
 * A workbook sheet's name came to the flags' evidence and the cited places after sheets were
 * printed without it: it is the cited record's own (the digest names the record and its document's
 * hash), so the digest keeps the form it had and a sheet printed before still verifies.
 */
const withoutSheets = <F extends Pick<FlagView, 'evidence'>>(flag: F) => ({ ...flag, evidence: flag.evidence.map((e) => ({ ...e, sheet: null })) });
function placesAsBefore(source: SourceView) {
  const rows = [...new Set(source.places.flatMap((p) => (p.row !== null ? [p.row] : [])))].sort((a, b) => a - b);
  const pages = [...new Set(source.places.flatMap((p) => (p.row === null && p.page !== null ? [p.page] : [])))].sort((a, b) => a - b);
  return { ...source, places: [...rows.map((r) => `row ${r}`), ...pages.map((p) => `page ${p}`)] };
}

/*
 * A clause's Chinese title is the pack's translation of its English one; that its pack was removed
 * since is a later act of the case, not a fact of the flag: a sheet printed before still verifies.
 */
const withoutChinese = ({ title_zh: _zh, removed_at: _removed, ...clause }: FlagClause) => clause;

export function evidenceFactsDigest(data: EvidenceSheetData): FactsDigest {
  const { printed: _printed, audit_head: _head, ...header } = data.header;
  // The messages that render reasons and timeline lines in the printed language say what reason and
  // detail say: left out, so a sheet's digest is the same in every language and as before them.
  // A maker's mark as inferred from the VIN's WMI came after sheets were printed without it, and says
  // how the chain read the VIN, not a fact of a record: left out, so a sheet printed before still verifies.
  const chain = { ...data.chain, holders: data.chain.holders.map(({ maker_from_wmi: _wmi, ...holder }) => holder),
    timeline: data.chain.timeline.map(({ detail_msg: _msg, ...event }) => event) };
  // Likewise a clause's Chinese title and its pack's removal (above).
  const flags = data.flags.map(({ reason_msg: _msg, ...flag }) => (flag.clause ? { ...flag, clause: withoutChinese(flag.clause) } : flag));
  const facts = { header, chain, run: data.run, flags: flags.map(withoutSheets), notes: data.notes, sources: data.sources.map(placesAsBefore) };
  return { vin: data.chain.vin, runId: data.run?.id ?? 0, sha256: createHash('sha256').update(canonicalJson(facts)).digest('hex') };
}

export function formatFactsDigest(d: FactsDigest): string {
  return `zm1-${d.vin}-r${d.runId}-${d.sha256}`;
}

/** Finds a printed digest in text (a sheet's text layer, where a line break may split it). */
export function findFactsDigest(text: string): FactsDigest | null {
  const match = PATTERN.exec(text) ?? PATTERN.exec(text.replace(/\s+/g, ''));
  return match ? { vin: match[1]!, runId: Number(match[2]), sha256: match[3]! } : null;
}
