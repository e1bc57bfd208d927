import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeliveryStop } from '../../../../contracts/grocery.ts';
import { QueryView } from '../../../components/states.tsx';
import { ApiError } from '../../../lib/api.ts';
import { useLiveEvents } from '../../../lib/live.tsx';
import { byBuilding, markDelivery, myBatchesKey, reschedule, useMyBatches } from '../api/grocery.ts';

type Outcome = 'delivered' | 'not_home' | 'refused';
const yuan = (n: number) => `¥${n.toFixed(2)}`;

/** Three large buttons: what a courier taps at the door. */
export function Outcome({ stop, onMark }: { stop: DeliveryStop; onMark: (o: Outcome) => Promise<void> }) {
  const { t } = useTranslation('grocery');
  const [error, setError] = useState<string | null>(null);
  const mark = (o: Outcome) => async () => {
    setError(null);
    try {
      await onMark(o);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <Space wrap size={4}>
      <Button
        type="primary"
        size="small"
        onClick={mark('delivered')}
        data-testid={`delivered-${stop.orderId}`}
      >
        {t('outcome_delivered')}
      </Button>
      <Button size="small" onClick={mark('not_home')} data-testid={`not-home-${stop.orderId}`}>
        {t('outcome_not_home')}
      </Button>
      <Button size="small" danger onClick={mark('refused')}>
        {t('outcome_refused')}
      </Button>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Space>
  );
}

/** A volunteer's or courier's batches, stop by stop in walking order, grouped by building. */
export default function DeliveriesPage() {
  const { t } = useTranslation('grocery');
  const queryClient = useQueryClient();
  const batches = useMyBatches();
  const refresh = () => queryClient.invalidateQueries({ queryKey: myBatchesKey });
  useLiveEvents(() => void refresh(), ['grocery.delivery']);
  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }}>
      <Typography.Title level={4}>{t('deliveries')}</Typography.Title>
      <QueryView query={batches}>
        {(data) =>
          data.length === 0 ? (
            <Empty description={t('noBatches')} />
          ) : (
            data.map((b) => {
              const left = b.stops.filter((s) => s.status === 'placed').length;
              return (
                <Card
                  key={b.id}
                  size="small"
                  title={b.name}
                  extra={<Tag color={left ? 'orange' : 'green'}>{t('left', { n: left })}</Tag>}
                  style={{ marginBottom: 12 }}
                  data-testid={`batch-${b.id}`}
                >
                  {byBuilding(b.stops).map((g) => (
                    <div key={g.key}>
                      <Typography.Text strong>{g.title}</Typography.Text>
                      <List
                        size="small"
                        dataSource={g.stops}
                        renderItem={(s) => (
                          <List.Item key={s.orderId} data-testid={`stop-${s.orderId}`}>
                            <Space direction="vertical" size={2} style={{ width: '100%' }}>
                              <Space wrap>
                                <b>{`${s.unit ? `${s.unit}单元 ` : ''}${s.room}`}</b>
                                <a href={`tel:${s.phone}`}>{s.phone}</a>
                                <Tag>{t(`status_${s.status}`)}</Tag>
                              </Space>
                              <span>{`${s.items}  ${yuan(s.total)}${s.payment === 'on_delivery' ? ` · ${t('collect')}` : ''}`}</span>
                              {s.note && <Alert type="info" message={s.note} />}
                              {s.status === 'placed' && (
                                <Outcome
                                  stop={s}
                                  onMark={async (o) => {
                                    await markDelivery(s.orderId, o);
                                    await refresh();
                                  }}
                                />
                              )}
                              {s.status === 'not_home' && (
                                <Button
                                  size="small"
                                  onClick={async () => {
                                    await reschedule(s.orderId);
                                    await refresh();
                                  }}
                                >
                                  {t('reschedule')}
                                </Button>
                              )}
                            </Space>
                          </List.Item>
                        )}
                      />
                    </div>
                  ))}
                </Card>
              );
            })
          )
        }
      </QueryView>
    </div>
  );
}
