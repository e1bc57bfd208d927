import { Card, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../../../contracts/grocery.ts';
import { QueryView } from '../../../components/states.tsx';
import { usePriceChanges, usePriceList } from '../api/grocery.ts';

const yuan = (n: number | null) => (n === null ? '—' : `¥${n.toFixed(2)}`);
const day = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
const fee = (p: Product, type: string) => p.breakdown.find((l) => l.type === type)?.amount ?? 0;

/** A product's dated price history: cost, each fee and sale, before and after. */
function History({ productId }: { productId: number }) {
  const { t } = useTranslation('grocery');
  const changes = usePriceChanges(productId);
  return (
    <QueryView query={changes}>
      {(list) =>
        list.length === 0 ? (
          <Typography.Text type="secondary">{t('noPriceChanges')}</Typography.Text>
        ) : (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={list}
            data-testid={`price-history-${productId}`}
            columns={[
              { title: t('changedAt'), render: (_, c) => day(c.at) },
              {
                title: t('before'),
                render: (_, c) =>
                  `${yuan(c.before.price)}（${t('cost')} ${yuan(c.before.cost)}，${t('transport')} ${yuan(c.before.transport)}，${t('packing')} ${yuan(c.before.packing)}，${t('loss')} ${yuan(c.before.loss)}）`,
              },
              {
                title: t('after'),
                render: (_, c) =>
                  `${yuan(c.after.price)}（${t('cost')} ${yuan(c.after.cost)}，${t('transport')} ${yuan(c.after.transport)}，${t('packing')} ${yuan(c.after.packing)}，${t('loss')} ${yuan(c.after.loss)}）`,
              },
            ]}
          />
        )
      }
    </QueryView>
  );
}

/** The public price list (no sign-in, decision 0912): cost beside sale and each fee, per product. */
export default function PricesPage() {
  const { t } = useTranslation('grocery');
  const list = usePriceList();
  return (
    <div style={{ maxWidth: 960, margin: '0 auto', padding: 12 }}>
      <Typography.Title level={4}>{t('priceList')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('priceListNote')}</Typography.Paragraph>
      <QueryView query={list}>
        {(shops) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            {shops.map(({ shop, products }) => (
              <Card key={shop.id} size="small" title={shop.name} extra={shop.phone} data-testid="price-shop">
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  scroll={{ x: true }}
                  dataSource={products}
                  expandable={{ expandedRowRender: (p) => <History productId={p.id} /> }}
                  columns={[
                    {
                      title: t('product'),
                      render: (_, p) => (
                        <>
                          <div>{p.name}</div>
                          <Typography.Text type="secondary">{p.unit}</Typography.Text>
                        </>
                      ),
                    },
                    // On a phone the table scrolls sideways: the price a resident pays stays in view.
                    { title: t('salePrice'), render: (_, p) => <strong>{yuan(p.price)}</strong> },
                    { title: t('cost'), render: (_, p) => yuan(p.cost) },
                    { title: t('transport'), render: (_, p) => yuan(fee(p, 'transport')) },
                    { title: t('packing'), render: (_, p) => yuan(fee(p, 'packing')) },
                    { title: t('loss'), render: (_, p) => yuan(fee(p, 'loss')) },
                    { title: t('priceFrom'), render: (_, p) => day(p.priceFrom) },
                  ]}
                />
              </Card>
            ))}
          </Space>
        )}
      </QueryView>
    </div>
  );
}
