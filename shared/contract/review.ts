import type { HandlerSpec } from './handler';
import type { ReviewStatus } from './flags';

export type Review = { flag_key: string; status: ReviewStatus; reason: string | null; analyst: string | null; updated_at: string };
export type SubjectType = 'vehicle' | 'party';
export type Note = { id: number; subject_type: SubjectType; subject_id: string; body: string; analyst: string | null; created_at: string };

export type ReviewHandlers = {
  /** Records a verdict on a flag (all runs' flags with that key); dismissing needs a reason. Audited. */
  'review:set': HandlerSpec<{ flag_key: string; status: ReviewStatus; reason?: string }, Review>;
  'notes:list': HandlerSpec<{ subject_type: SubjectType; subject_id: string }, Note[]>;
  'notes:add': HandlerSpec<{ subject_type: SubjectType; subject_id: string; body: string }, Note>;
  'tags:list': HandlerSpec<{ subject_type: SubjectType; subject_id: string }, string[]>;
  /** Replaces the subject's tags. Audited. */
  'tags:set': HandlerSpec<{ subject_type: SubjectType; subject_id: string; tags: string[] }, string[]>;
};
