import { useRef } from 'react';

/**
 * The value as first seen with this content (compared as JSON): callers rebuild filter objects,
 * handler arguments and graph elements on every render, and an effect keyed on them should run
 * again only when what they say changes, not when a new object says the same.
 */
export function useSameContent<T>(value: T): T {
  const kept = useRef<{ key: string; value: T } | null>(null);
  const key = JSON.stringify(value);
  if (kept.current === null || kept.current.key !== key) kept.current = { key, value };
  return kept.current.value;
}
