import { ApartmentOutlined } from '@ant-design/icons';
import { App, TreeSelect } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pageOf } from '../../../contracts/common.ts';
import { type RegionNode, regionNodeSchema } from '../../../contracts/regions.ts';
import { api } from '../../lib/api.ts';
import { useCurrentNode } from '../../lib/current-node.tsx';

const childrenSchema = pageOf(regionNodeSchema);

/** The grant roots, expanded one level at a time: a city has ~900 nodes, loaded only when opened. */
export function NodePicker() {
  const { t } = useTranslation();
  const { node, roots, setNode } = useCurrentNode();
  const { message } = App.useApp();
  const [loaded, setLoaded] = useState<RegionNode[]>([]);

  const known = new Map<number, RegionNode>();
  for (const n of [...roots, ...loaded]) known.set(n.id, n);
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
      treeData={treeData}
      value={node?.id}
      loadData={loadData}
      onChange={(id: number) => {
        const picked = known.get(id);
        if (picked) setNode(picked);
      }}
      showSearch
      treeNodeFilterProp="title"
      placeholder={t('pickNode')}
      aria-label={t('currentNode')}
      prefix={<ApartmentOutlined />}
      style={{ width: '100%', maxWidth: 360 }}
      popupMatchSelectWidth={false}
      data-testid="node-picker"
    />
  );
}
