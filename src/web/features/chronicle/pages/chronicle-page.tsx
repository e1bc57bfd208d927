import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SearchBox } from '../../../components/search-box.tsx';
import { QueryView } from '../../../components/states.tsx';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { useChronicleList } from '../api/chronicle.ts';

export default function ChroniclePage() {
  const { t } = useTranslation('chronicle');
  const locale = useLocale();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [range, setRange] = useState<[number, number] | null>(null);
  const list = useChronicleList(q, page);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('title')}
      </Typography.Title>
      <Space wrap>
        <SearchBox
          placeholder={t('search')}
          testId="chronicle-search"
          onSearch={(term) => {
            setQ(term);
            setPage(1);
          }}
        />
        <DatePicker.RangePicker
          onChange={(values) =>
            setRange(
              values?.[0] && values[1]
                ? [values[0].startOf('day').valueOf(), values[1].endOf('day').valueOf()]
                : null,
            )
          }
        />
        <Button
          icon={<DownloadOutlined />}
          disabled={!range}
          href={
            range ? `/api/chronicle/export.pdf?from=${range[0]}&to=${range[1]}&lang=${locale}` : undefined
          }
        >
          {t('exportPdf')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          disabled={!range}
          href={
            range ? `/api/chronicle/export.docx?from=${range[0]}&to=${range[1]}&lang=${locale}` : undefined
          }
        >
          {t('exportDocx')}
        </Button>
      </Space>
      <QueryView query={list}>
        {(data) => (
          <List
            data-testid="chronicle-list"
            dataSource={data.items}
            pagination={{ current: page, total: data.total, pageSize: data.pageSize, onChange: setPage }}
            renderItem={(e) => (
              <List.Item>
                <Card size="small" style={{ width: '100%' }}>
                  <Space wrap>
                    <Link to={`/chronicle/${e.id}`}>{e.title}</Link>
                    <Tag color={e.status === 'approved' ? 'green' : 'gold'}>{t(`status.${e.status}`)}</Tag>
                    {e.version > 1 && (
                      <Tag color="volcano">{t('erratumVersion', { version: e.version })}</Tag>
                    )}
                  </Space>
                  <div>
                    <Typography.Text type="secondary">
                      {formatTime(e.periodStart, locale)} – {formatTime(e.periodEnd, locale)}
                    </Typography.Text>
                  </div>
                </Card>
              </List.Item>
            )}
          />
        )}
      </QueryView>
    </Space>
  );
}
