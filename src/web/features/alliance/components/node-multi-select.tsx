import { Select, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegionNode } from '../../../../contracts/regions.ts';
import { useNodeSearch } from '../../../lib/regions.ts';

type Picked = Pick<RegionNode, 'id' | 'name' | 'kind'>;

/** Several nodes of the caller's scope, found by name or pinyin initials. */
export function NodeMultiSelect({
  value,
  onChange,
  initial,
  testId,
}: {
  value?: number[];
  onChange?: (ids: number[]) => void;
  initial?: Picked[];
  testId?: string;
}) {
  const { t: tc } = useTranslation();
  const [q, setQ] = useState('');
  const search = useNodeSearch(q);
  const [known, setKnown] = useState<Picked[]>(initial ?? []);
  const found = search.data ?? [];
  const options = [...found, ...known.filter((k) => !found.some((f) => f.id === k.id))].map((n) => ({
    value: n.id,
    label: `${n.name}（${tc(`kinds.${n.kind}`)}）`,
  }));
  return (
    <Select
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={search.isFetching}
      value={value}
      onChange={(ids: number[]) => {
        setKnown((list) => [
          ...list,
          ...found.filter((f) => ids.includes(f.id) && !list.some((k) => k.id === f.id)),
        ]);
        onChange?.(ids);
      }}
      options={options}
      notFoundContent={search.isFetching ? <Spin size="small" /> : null}
      data-testid={testId}
      style={{ minWidth: 260 }}
    />
  );
}
