import { PlusOutlined } from '@ant-design/icons';
import {
  Breadcrumb,
  Button,
  Card,
  Col,
  Input,
  List,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { NODE_KINDS, type RegionNode } from '../../../../contracts/regions.ts';
import { EmptyState, ErrorState, Loading, QueryView } from '../../../components/states.tsx';
import { usePermission } from '../../../lib/auth.ts';
import { useCurrentNode } from '../../../lib/current-node.tsx';
import { useNodeSearch, useRegionNode } from '../../../lib/regions.ts';
import { useChildren } from '../api/get-children.ts';
import { AddNodeModal } from '../components/add-node-modal.tsx';

/** Custom nodes (compounds, checkpoints…) hang below a community or below another custom node. */
const ADD_BELOW = new Set(['community', 'compound', 'checkpoint', 'grid', 'other']);

function SearchResults({ q }: { q: string }) {
  const { t } = useTranslation('regions');
  const { t: tc } = useTranslation();
  const search = useNodeSearch(q, { limit: 50, keepPrevious: false });
  return (
    <Card size="small" title={t('searchResults')} style={{ marginBottom: 16 }} data-testid="search-results">
      <QueryView query={search}>
        {(items) =>
          items.length === 0 ? (
            <EmptyState description={t('noResults')} />
          ) : (
            <List
              size="small"
              dataSource={items}
              renderItem={(n) => (
                <List.Item>
                  <Link to={`/regions/${n.id}`}>{n.name}</Link>
                  <Space>
                    <Tag>{tc(`kinds.${n.kind}`)}</Tag>
                    <Typography.Text type="secondary">{n.code}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          )
        }
      </QueryView>
    </Card>
  );
}

function ChildrenTable({ parentId }: { parentId: number }) {
  const { t } = useTranslation('regions');
  const { t: tc } = useTranslation();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const children = useChildren(parentId, page, pageSize);
  if (children.isPending) return <Loading />;
  if (children.error) return <ErrorState error={children.error} onRetry={() => void children.refetch()} />;
  return (
    <Table<RegionNode>
      rowKey="id"
      size="small"
      data-testid="children-table"
      dataSource={children.data.items}
      loading={children.isFetching}
      locale={{ emptyText: <EmptyState description={t('noChildren')} /> }}
      scroll={{ x: 'max-content' }}
      pagination={{
        current: page,
        pageSize,
        total: children.data.total,
        showSizeChanger: true,
        hideOnSinglePage: true,
        showTotal: (count) => tc('total', { count }),
        onChange: (p, size) => {
          setPage(p);
          setPageSize(size);
        },
      }}
      columns={[
        {
          title: t('name'),
          dataIndex: 'name',
          render: (name: string, n) => (
            <Space>
              <Link to={`/regions/${n.id}`}>{name}</Link>
              {n.custom ? <Tag color="blue">{t('custom')}</Tag> : null}
            </Space>
          ),
        },
        { title: t('kind'), dataIndex: 'kind', render: (k: string) => tc(`kinds.${k}`) },
        { title: t('code'), dataIndex: 'code', responsive: ['md'] },
        { title: t('childCount'), dataIndex: 'childCount', align: 'right' },
      ]}
    />
  );
}

export default function TreePage() {
  const { t } = useTranslation('regions');
  const { t: tc } = useTranslation();
  const params = useParams();
  const navigate = useNavigate();
  const { node: current, setNode } = useCurrentNode();
  const canManage = usePermission('regions.manage');
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  const id = params.id ? Number(params.id) : current?.id;
  const node = useRegionNode(Number.isInteger(id) ? id : undefined);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Input.Search
        allowClear
        placeholder={t('searchPlaceholder')}
        enterButton={tc('search')}
        onSearch={(value) => setQ(value)}
        maxLength={40}
        data-testid="region-search"
      />
      {q.trim() ? <SearchResults q={q} /> : null}
      {id === undefined ? (
        <EmptyState />
      ) : (
        <QueryView query={node}>
          {(detail) => (
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              <Breadcrumb
                data-testid="breadcrumb"
                items={[...detail.ancestors, { id: detail.id, name: detail.name }].map((a) => ({
                  key: a.id,
                  title: a.id === detail.id ? a.name : <Link to={`/regions/${a.id}`}>{a.name}</Link>,
                }))}
              />
              <Card
                title={
                  <Space wrap>
                    <span data-testid="node-title">{detail.name}</span>
                    <Tag color="volcano">{tc(`kinds.${detail.kind}`)}</Tag>
                    <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                      {detail.code}
                    </Typography.Text>
                  </Space>
                }
                extra={
                  <Space wrap>
                    {current?.id !== detail.id ? (
                      <Button size="small" onClick={() => setNode(detail)}>
                        {t('setCurrent')}
                      </Button>
                    ) : null}
                    {canManage && ADD_BELOW.has(detail.kind) ? (
                      <Button
                        size="small"
                        type="primary"
                        icon={<PlusOutlined />}
                        onClick={() => setAdding(true)}
                        data-testid="add-node"
                      >
                        {t('addNode')}
                      </Button>
                    ) : null}
                  </Space>
                }
              >
                <Row gutter={[16, 16]}>
                  {NODE_KINDS.filter((k) => (detail.subtreeCounts[k] ?? 0) > 0).map((k) => (
                    <Col key={k} xs={12} sm={8} md={6} lg={4}>
                      <Statistic title={tc(`kinds.${k}`)} value={detail.subtreeCounts[k]} />
                    </Col>
                  ))}
                </Row>
              </Card>
              <Card size="small" title={t('children')}>
                <ChildrenTable parentId={detail.id} />
              </Card>
              {adding ? (
                <AddNodeModal
                  parent={detail}
                  open
                  onClose={() => {
                    setAdding(false);
                    navigate(`/regions/${detail.id}`);
                  }}
                />
              ) : null}
            </Space>
          )}
        </QueryView>
      )}
    </Space>
  );
}
