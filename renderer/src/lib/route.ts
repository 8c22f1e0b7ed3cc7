import { useEffect, useState } from 'react';

/**
 * Screens are addressed by the URL hash (#/flags?rule=…, #/vehicle/VIN, #/party/12), so links,
 * the back button and tests can reach any screen directly.
 */
export type Route =
  | { screen: 'overview' }
  | { screen: 'flags'; query: Record<string, string> }
  | { screen: 'vehicles' }
  | { screen: 'vehicle'; vin: string }
  | { screen: 'parties' }
  | { screen: 'party'; id: number }
  | { screen: 'documents' }
  | { screen: 'review' }
  | { screen: 'document'; id: number; page: number; name?: string }
  | { screen: 'rejected' }
  | { screen: 'runs' }
  | { screen: 'packs' };

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').map((p) => decodeURIComponent(p));
  const query = Object.fromEntries(new URLSearchParams(search));
  switch (parts[0]) {
    case 'flags': return { screen: 'flags', query };
    case 'vehicles': return { screen: 'vehicles' };
    case 'vehicle': return parts[1] ? { screen: 'vehicle', vin: parts[1] } : { screen: 'vehicles' };
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
    case 'runs': return { screen: 'runs' };
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
    case 'vehicle': return `#/vehicle/${encodeURIComponent(route.vin)}`;
    case 'party': return `#/party/${route.id}`;
    case 'document': {
      const search = new URLSearchParams({ page: String(route.page), ...(route.name ? { name: route.name } : {}) }).toString();
      return `#/document/${route.id}?${search}`;
    }
    default: return `#/${route.screen}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
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
