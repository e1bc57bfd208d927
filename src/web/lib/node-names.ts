import { useQuery } from '@tanstack/react-query';
import { nodeNamesSchema } from '../../contracts/regions.ts';
import { api } from './api.ts';

/**
 * Names for node paths that records and events carry (`2108/210881/…`), so a page says 盖州市 and
 * not a code. One request per distinct set of paths; a path outside the caller's scope stays a path.
 */
export function useNodeNames(paths: readonly string[]): (path: string) => string {
  const wanted = [...new Set(paths)].sort().slice(0, 200);
  const names = useQuery({
    queryKey: ['regions', 'names', wanted],
    queryFn: () => api.get('/api/regions/names', nodeNamesSchema, { paths: wanted.join(',') }),
    enabled: wanted.length > 0,
    staleTime: 10 * 60_000,
  });
  return (path) => names.data?.[path] ?? path;
}
