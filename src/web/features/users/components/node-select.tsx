import { Select, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegionNode } from '../../../../contracts/regions.ts';
import { useNodeSearch } from '../../../lib/regions.ts';

/** Picks a node by typing its name or pinyin initials; `initial` is offered before any typing. */
export function NodeSelect({
  value,
  onChange,
  initial,
  testId,
}: {
  value?: number;
  onChange?: (id: number) => void;
  initial?: Pick<RegionNode, 'id' | 'name' | 'kind'> | null;
  testId?: string;
}) {
  const { t } = useTranslation('users');
  const { t: tc } = useTranslation();
  const [q, setQ] = useState('');
  const search = useNodeSearch(q);
  const [chosen, setChosen] = useState<Pick<RegionNode, 'id' | 'name' | 'kind'>[]>(initial ? [initial] : []);
  const found = search.data ?? [];
  const options = [...found, ...chosen.filter((c) => !found.some((f) => f.id === c.id))].map((n) => ({
    value: n.id,
    label: `${n.name}（${tc(`kinds.${n.kind}`)}）`,
  }));
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={search.isFetching}
      value={value}
      onChange={(id: number) => {
        const node = found.find((n) => n.id === id);
        if (node) setChosen((list) => [...list.filter((c) => c.id !== id), node]);
        onChange?.(id);
      }}
      options={options}
      placeholder={t('nodePlaceholder')}
      notFoundContent={search.isFetching ? <Spin size="small" /> : q ? t('noNode') : t('typeToSearch')}
      data-testid={testId}
      style={{ minWidth: 200 }}
    />
  );
}
