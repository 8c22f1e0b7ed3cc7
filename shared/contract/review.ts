import type { HandlerSpec } from './handler';
import type { ReviewStatus } from './flags';

export type Review = { flag_key: string; status: ReviewStatus; reason: string | null; analyst: string | null; updated_at: string };
export type SubjectType = 'vehicle' | 'party';
export type Note = { id: number; subject_type: SubjectType; subject_id: string; body: string; analyst: string | null; created_at: string };
export type ReviewInput = { flag_key: string; status: ReviewStatus; reason?: string };
/** The verdict a flag had before a change (open with no reason when it had none), to undo it. */
export type PreviousVerdict = { status: ReviewStatus; reason: string | null };
/** One verdict in a flag's history, from its audit entry. */
/** `analyst` is null where no analyst name was set when the verdict was given. */
export type VerdictEntry = { entry: number; at: string; analyst: string | null; status: ReviewStatus; reason: string | null };
/**
 * Who makes a change: the analyst name set for this session in the UI (the case's analyst when
 * none is set). It is a label in the audit log, not a login.
 */
type By = { analyst?: string };

export type ReviewHandlers = {
  /** Records a verdict on a flag (all runs' flags with that key); dismissing needs a reason. Audited. */
  'review:set': HandlerSpec<ReviewInput & By, Review>;
  /** One verdict (or an undo: each flag its own) on several flags, all or none; each audited. */
  'review:set-many': HandlerSpec<{ verdicts: ReviewInput[] } & By, { review: Review; previous: PreviousVerdict }[]>;
  /** Each flag's verdicts, oldest first, with who gave them, when and why. */
  'review:history': HandlerSpec<{ flag_keys: string[] }, Record<string, VerdictEntry[]>>;
  'notes:list': HandlerSpec<{ subject_type: SubjectType; subject_id: string }, Note[]>;
  'notes:add': HandlerSpec<{ subject_type: SubjectType; subject_id: string; body: string } & By, Note>;
  'tags:list': HandlerSpec<{ subject_type: SubjectType; subject_id: string }, string[]>;
  /** Who last changed the subject's tags, and when (null: never). */
  'tags:changed': HandlerSpec<{ subject_type: SubjectType; subject_id: string }, { analyst: string | null; at: string } | null>;
  /** Replaces the subject's tags. Audited. */
  'tags:set': HandlerSpec<{ subject_type: SubjectType; subject_id: string; tags: string[] } & By, string[]>;
};
