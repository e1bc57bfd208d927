import { ApartmentOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, TreeSelect } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { pageOf } from '../../../contracts/common.ts';
import { type RegionNode, regionNodeSchema } from '../../../contracts/regions.ts';
import { api } from '../../lib/api.ts';
import { useCurrentNode } from '../../lib/current-node.tsx';

const childrenSchema = pageOf(regionNodeSchema);
const searchSchema = z.array(regionNodeSchema);

/** The grant roots, expanded one level at a time: a city has ~900 nodes, loaded only when opened. */
export function NodePicker() {
  const { t } = useTranslation();
  const { node, roots, setNode } = useCurrentNode();
  const { message } = App.useApp();
  const [loaded, setLoaded] = useState<RegionNode[]>([]);
  // Typing searches the whole subtree on the server (names and pinyin initials: gz → 盖州市), not
  // just the branches already opened.
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const found = useQuery({
    queryKey: ['regions', 'search', q],
    queryFn: () => api.get('/api/regions/search', searchSchema, { q, limit: 30 }),
    enabled: q.length > 0,
    staleTime: 60_000,
  });

  const known = new Map<number, RegionNode>();
  for (const n of [...roots, ...loaded, ...(found.data ?? [])]) known.set(n.id, n);
  if (node) known.set(node.id, node);
  const rootIds = new Set(roots.map((r) => r.id));
  const treeData = [...known.values()]
    // The current node may sit deep below a root before its parents are loaded; keep it findable.
    .filter((n) => rootIds.has(n.id) || (n.parentId !== null && known.has(n.parentId)) || n.id === node?.id)
    .map((n) => ({
      id: n.id,
      pId: rootIds.has(n.id) || n.parentId === null || !known.has(n.parentId) ? 0 : n.parentId,
      value: n.id,
      title: n.name,
      isLeaf: n.childCount === 0,
    }));
  const searching = q.length > 0 && found.data !== undefined;
  const shown = searching
    ? (found.data ?? []).map((n) => ({ id: n.id, pId: 0, value: n.id, title: n.name, isLeaf: true }))
    : treeData;

  const loadData = async ({ value }: { value?: unknown }) => {
    const id = Number(value);
    if (loaded.some((n) => n.parentId === id)) return;
    try {
      const page = await api.get(`/api/regions/nodes/${id}/children`, childrenSchema, { pageSize: 500 });
      setLoaded((list) => [...list.filter((n) => n.parentId !== id), ...page.items]);
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  return (
    <TreeSelect
      treeDataSimpleMode
      treeData={shown}
      value={node?.id}
      loadData={searching ? undefined : loadData}
      searchValue={search}
      onSearch={setSearch}
      // Server results are already the matches; the loaded tree is filtered here until they arrive.
      filterTreeNode={(input, treeNode) => searching || String(treeNode.title ?? '').includes(input)}
      notFoundContent={found.isFetching ? t('loading') : undefined}
      onChange={(id: number) => {
        const picked = known.get(id);
        setSearch('');
        if (picked) setNode(picked);
      }}
      showSearch
      placeholder={t('pickNode')}
      aria-label={t('currentNode')}
      prefix={<ApartmentOutlined />}
      style={{ width: '100%', maxWidth: 360 }}
      popupMatchSelectWidth={false}
      data-testid="node-picker"
    />
  );
}
