import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { BlockHasher, DIGEST_V2, orderedRows } from './block-hasher';
import type { HashTally, TableDigests } from './fact-digests';

/**
 * The digest a rule run's audit entry commits for its flags and their evidence (issue 17 item 4),
 * in a form its finder threads can compute while the run writes (scheme `v2`).
 *
 * The first scheme (fact-digests.ts runDigestV1) read the run's flags and evidence back inside
 * the run's transaction and hashed them row by row in JavaScript: 21 s of a 41 s run at a
 * million vehicles. Here each rule's rows are hashed where they are made, in the rule's scratch
 * file, numbered 1..n within the rule (the finder cannot know the run's flag ids, which depend on
 * the rules before it), and SQLite encodes each row (json_array) and joins them in blocks, so
 * JavaScript only feeds blocks of bytes to SHA-256. Verify and a migration's recommit compute
 * the same digests from the stored rows, numbering each rule's flags from its first id.
 *
 * Committed value of `flags`: `v2:` + SHA-256 over one line per rule that has flags, in flag id
 * order: rule, first flag id - 1, count and the digest of its flag rows. `flag_evidence`: `v2:` +
 * SHA-256 over rule and the digest of its evidence rows. A flag row: [n, severity, flag_key, vin,
 * party_id, reason, facts, maker, exporter, destination, days, km] (not `status`, which mirrors
 * the verdict and is checked against the verdicts); an evidence row: [n, record_kind, record_id,
 * document_id, row_no, page], in key order.
 */
export const RUN_DIGEST_V2 = DIGEST_V2;

/** One rule's rows hashed: how many flags, and the digests of its flag and evidence rows. */
export type RuleRowsDigest = { count: number; flags: string; evidence: string };

/** A rule's digest as the run commits it: with the rule and the flag id before its first. */
export type RuleDigest = RuleRowsDigest & { rule: string; first: number };

/** Rows per block: SQLite joins this many encoded rows into one string for one hash update. */
const BLOCK_ROWS = 16_384;

// better-sqlite3 binds a JS number as a REAL: a number computed from a parameter is cast back, or json_array writes 1.0 for 1.
const flagRow = (n: string, severity: string) =>
  `json_array(${n}, ${severity}, flag_key, vin, party_id, reason, facts, maker, exporter, destination, days, km)`;
const evidenceRow = (n: string) => `json_array(${n}, record_kind, record_id, document_id, row_no, page)`;

type BlockQuery = (lo: number, hi: number) => Buffer | null;

function hashBlocks(count: number, query: BlockQuery, tally?: HashTally): string {
  const hasher = new BlockHasher();
  for (let lo = 1; lo <= count; lo += BLOCK_ROWS) hasher.block(query(lo, Math.min(count, lo + BLOCK_ROWS - 1)));
  if (tally) tally.chars += hasher.bytes;
  return hasher.digest();
}

/**
 * A rule's rows as its finder left them: tables of rule.ts scratchSchema (flags numbered 1..n),
 * its severity given, since scratch rows do not carry it.
 */
export function scratchRuleDigest(db: Database.Database, tables: { flags: string; evidence: string }, severity: string): RuleRowsDigest {
  const count = (db.prepare(`SELECT coalesce(max(n), 0) FROM ${tables.flags}`).pluck().get() as number);
  const flags = db.prepare(`SELECT CAST(group_concat(j, char(10)) AS BLOB)
    FROM ${orderedRows(`${flagRow('n', '@severity')} AS j`, `FROM ${tables.flags} WHERE n BETWEEN @lo AND @hi`, 'n')}`).pluck();
  const evidence = db.prepare(`SELECT CAST(group_concat(j, char(10)) AS BLOB)
    FROM ${orderedRows(`${evidenceRow('flag_id')} AS j`, `FROM ${tables.evidence} WHERE flag_id BETWEEN @lo AND @hi`, 'flag_id, record_kind, record_id')}`).pluck();
  return {
    count,
    flags: hashBlocks(count, (lo, hi) => flags.get({ lo, hi, severity }) as Buffer | null),
    evidence: hashBlocks(count, (lo, hi) => evidence.get({ lo, hi }) as Buffer | null),
  };
}

/** The same rule's rows as the case holds them: the run's flags of `rule`, numbered from `first`. */
function storedRuleDigest(db: Database.Database, runId: number, rule: string, first: number, count: number, tally?: HashTally): RuleRowsDigest {
  const flags = db.prepare(`SELECT CAST(group_concat(j, char(10)) AS BLOB)
    FROM ${orderedRows(`${flagRow('id - CAST(@first AS INTEGER)', 'severity')} AS j`, 'FROM flags WHERE id BETWEEN @first + @lo AND @first + @hi AND run_id = @run AND rule = @rule', 'id')}`).pluck();
  const evidence = db.prepare(`SELECT CAST(group_concat(j, char(10)) AS BLOB)
    FROM ${orderedRows(`${evidenceRow('flag_id - CAST(@first AS INTEGER)')} AS j`, 'FROM flag_evidence WHERE flag_id BETWEEN @first + @lo AND @first + @hi', 'flag_id, record_kind, record_id')}`).pluck();
  if (tally) tally.rows += count + (db.prepare('SELECT count(*) FROM flag_evidence WHERE flag_id BETWEEN ? AND ?').pluck().get(first + 1, first + count) as number);
  return {
    count,
    flags: hashBlocks(count, (lo, hi) => flags.get({ lo, hi, first, run: runId, rule }) as Buffer | null, tally),
    evidence: hashBlocks(count, (lo, hi) => evidence.get({ lo, hi, first }) as Buffer | null, tally),
  };
}

/** The run's committed `flags` and `flag_evidence` digests from its rules' digests, in flag id order. */
export function composeRunDigest(rules: readonly RuleDigest[]): TableDigests {
  const withFlags = rules.filter((r) => r.count > 0).sort((a, b) => a.first - b.first);
  const out: TableDigests = {};
  // A run without flags commits neither, as the first scheme did not.
  if (withFlags.length === 0) return out;
  out.flags = RUN_DIGEST_V2 + createHash('sha256').update(withFlags.map((r) => `${r.rule}\t${r.first}\t${r.count}\t${r.flags}\n`).join('')).digest('hex');
  out.flag_evidence = RUN_DIGEST_V2 + createHash('sha256').update(withFlags.map((r) => `${r.rule}\t${r.evidence}\n`).join('')).digest('hex');
  return out;
}

/** The run's `flags` and `flag_evidence` digests recomputed from the rows the case holds now. */
export function storedRunDigest(db: Database.Database, runId: number, tally?: HashTally): TableDigests {
  // `run_id > 0` lets the planner walk flags_run_rule (partial on it): rules in order, first id first.
  const rules = db.prepare(`SELECT rule, min(id) - 1 AS first, count(*) AS count FROM flags
    WHERE run_id = ? AND run_id > 0 GROUP BY rule`).all(runId) as { rule: string; first: number; count: number }[];
  return composeRunDigest(rules.map((r) => ({ rule: r.rule, first: r.first, ...storedRuleDigest(db, runId, r.rule, r.first, r.count, tally) })));
}
