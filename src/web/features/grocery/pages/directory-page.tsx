import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { z } from 'zod';
import { shopSchema } from '../../../../contracts/grocery.ts';
import { QueryView } from '../../../components/states.tsx';
import { api, withQuery } from '../../../lib/api.ts';
import { useCurrentNode } from '../../../lib/current-node.tsx';

const directorySchema = z.object({
  node: z.object({ id: z.number(), name: z.string(), path: z.string() }),
  shops: z.array(shopSchema),
});

/** The shops delivering to a compound or street: where the printed sheet's QR code leads. */
export default function DirectoryPage() {
  const { t } = useTranslation('grocery');
  const [params] = useSearchParams();
  const { node } = useCurrentNode();
  const nodeId = Number(params.get('nodeId')) || node?.id;
  const [q, setQ] = useState('');
  const directory = useQuery({
    queryKey: ['grocery', 'directory', nodeId, q],
    enabled: nodeId !== undefined,
    queryFn: () => api.get('/api/grocery/directory', directorySchema, { nodeId, q }),
  });
  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }}>
      <Typography.Title level={4}>{t('directory')}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('searchShops')}
          onSearch={setQ}
          data-testid="directory-search"
        />
        {nodeId !== undefined && (
          <>
            <Button href={withQuery('/api/grocery/directory.pdf', { nodeId, q })}>{t('sheetPdf')}</Button>
            <Button href={withQuery('/api/grocery/directory.xlsx', { nodeId, q })}>{t('sheetXlsx')}</Button>
          </>
        )}
      </Space>
      <QueryView query={directory}>
        {(d) =>
          d.shops.length === 0 ? (
            <Empty description={t('noShops')} />
          ) : (
            <List
              dataSource={d.shops}
              header={d.node.name}
              renderItem={(s) => (
                <List.Item key={s.id}>
                  <Card size="small" title={s.name} style={{ width: '100%' }}>
                    <Space direction="vertical" size={2}>
                      <span>{s.address}</span>
                      <a href={`tel:${s.phone}`}>{s.phone}</a>
                      <Space wrap>
                        {s.hours && <Tag>{s.hours}</Tag>}
                        {s.freeDelivery && <Tag color="green">{t('freeDelivery')}</Tag>}
                        {s.minOrder > 0 && <Tag>{t('minOrder', { n: s.minOrder })}</Tag>}
                      </Space>
                    </Space>
                  </Card>
                </List.Item>
              )}
            />
          )
        }
      </QueryView>
    </div>
  );
}
