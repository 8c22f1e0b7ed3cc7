import { useEffect, useState } from 'react';
import type { GridSort } from '../../../shared/contract/grids';

/**
 * Where a vehicle was opened from in the flag queue: the queue's filter (its URL query), its
 * sort, the row's index and the flag's id, so the vehicle page can step to the next or previous
 * flag of the same queue and verdict keys act on that flag.
 */
export type QueuePlace = { query: Record<string, string>; sort: GridSort | null; at: number; flag: number };

/**
 * Screens are addressed by the URL hash (#/flags?rule=…, #/vehicle/VIN, #/party/12), so links,
 * the back button and tests can reach any screen directly.
 */
export type Route =
  | { screen: 'overview' }
  | { screen: 'flags'; query: Record<string, string> }
  | { screen: 'vehicles' }
  | { screen: 'vehicle'; vin: string; queue?: QueuePlace }
  | { screen: 'parties' }
  | { screen: 'party'; id: number }
  | { screen: 'documents' }
  | { screen: 'review' }
  | { screen: 'document'; id: number; page: number; name?: string }
  | { screen: 'rejected' }
  /** `start`: the run's form open, its Start focused (the flags-out-of-date notice's button). */
  | { screen: 'runs'; start?: boolean }
  | { screen: 'packs' };

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').map((p) => decodeURIComponent(p));
  const query = Object.fromEntries(new URLSearchParams(search));
  switch (parts[0]) {
    case 'flags': return { screen: 'flags', query };
    case 'vehicles': return { screen: 'vehicles' };
    case 'vehicle': {
      if (!parts[1]) return { screen: 'vehicles' };
      const queue = queueFromQuery(query);
      return queue ? { screen: 'vehicle', vin: parts[1], queue } : { screen: 'vehicle', vin: parts[1] };
    }
    case 'parties': return { screen: 'parties' };
    case 'party': return Number.isInteger(Number(parts[1])) && parts[1] ? { screen: 'party', id: Number(parts[1]) } : { screen: 'parties' };
    case 'documents': return { screen: 'documents' };
    case 'review': return { screen: 'review' };
    case 'document': {
      const id = Number(parts[1]);
      const page = Number(query.page ?? 1);
      if (!parts[1] || !Number.isInteger(id) || id < 1) return { screen: 'documents' };
      return { screen: 'document', id, page: Number.isInteger(page) && page >= 1 ? page : 1, ...(query.name ? { name: query.name } : {}) };
    }
    case 'rejected': return { screen: 'rejected' };
    case 'runs': return query.start === '1' ? { screen: 'runs', start: true } : { screen: 'runs' };
    case 'packs': return { screen: 'packs' };
    default: return { screen: 'overview' };
  }
}

export function href(route: Route): string {
  switch (route.screen) {
    case 'flags': {
      const search = new URLSearchParams(route.query).toString();
      return `#/flags${search ? `?${search}` : ''}`;
    }
    case 'vehicle': {
      const search = route.queue ? new URLSearchParams(queueToQuery(route.queue)).toString() : '';
      return `#/vehicle/${encodeURIComponent(route.vin)}${search ? `?${search}` : ''}`;
    }
    case 'party': return `#/party/${route.id}`;
    case 'document': {
      const search = new URLSearchParams({ page: String(route.page), ...(route.name ? { name: route.name } : {}) }).toString();
      return `#/document/${route.id}?${search}`;
    }
    case 'runs': return route.start ? '#/runs?start=1' : '#/runs';
    default: return `#/${route.screen}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

/** Goes to a route in place of the current history entry (stepping through a queue: Back still returns to the queue). */
export function replaceRoute(route: Route): void {
  window.location.replace(href(route));
}

// The queue's own filter keys travel prefixed with `q.` beside `at`, `flag` and `sort` (col.dir).
function queueToQuery(place: QueuePlace): Record<string, string> {
  const out: Record<string, string> = { at: String(place.at), flag: String(place.flag) };
  if (place.sort) out.sort = `${place.sort.col}.${place.sort.dir}`;
  for (const [key, value] of Object.entries(place.query)) out[`q.${key}`] = value;
  return out;
}

function queueFromQuery(query: Record<string, string>): QueuePlace | undefined {
  const at = Number(query.at);
  const flag = Number(query.flag);
  if (query.at === undefined || !Number.isInteger(at) || at < 0 || !Number.isInteger(flag)) return undefined;
  const [col, dir] = (query.sort ?? '').split('.');
  const sort = col && (dir === 'asc' || dir === 'desc') ? { col, dir } as GridSort : null;
  const filter = Object.fromEntries(Object.entries(query).filter(([k]) => k.startsWith('q.')).map(([k, v]) => [k.slice(2), v]));
  return { query: filter, sort, at, flag };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
