import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Input,
  InputNumber,
  Select,
  Space,
  Steps,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ROUND_STATUSES, type Round } from '../../../../contracts/supervision.ts';
import { QueryView } from '../../../components/states.tsx';
import {
  commitRound,
  drawRoundNow,
  freezeRound,
  getInspectors,
  getRound,
  publishRound,
  setPool,
} from '../api/supervision.ts';

const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * One round, step by step: the inspector pool, the freeze (list and pool hashed), the commitment to
 * the seed with the earliest draw time, the draw, and publication of the results.
 */
export default function RoundPage() {
  const { t } = useTranslation('supervision');
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const client = useQueryClient();
  const query = useQuery({ queryKey: ['supervision', 'round', id], queryFn: () => getRound(id) });
  const act = async (fn: () => Promise<Round>) => {
    try {
      const round = await fn();
      client.setQueryData(['supervision', 'round', id], round);
      await client.invalidateQueries({ queryKey: ['supervision', 'rounds'] });
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  return (
    <QueryView query={query}>
      {(r) => (
        <Card title={r.title} extra={<Tag data-testid="round-status">{t(`roundStatuses.${r.status}`)}</Tag>}>
          <Steps
            size="small"
            current={ROUND_STATUSES.indexOf(r.status)}
            items={ROUND_STATUSES.map((s) => ({ title: t(`roundStatuses.${s}`) }))}
            style={{ marginBottom: 16 }}
          />
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('rounds.place')}>{r.nodeName}</Descriptions.Item>
            <Descriptions.Item label={t('rounds.kind')}>{t(`kinds.${r.targetKind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('rounds.sample')}>{r.sample}</Descriptions.Item>
            <Descriptions.Item label={t('rounds.perTarget')}>{r.perTarget}</Descriptions.Item>
            <Descriptions.Item label={t('rounds.pool')}>
              <span data-testid="pool-count">{r.poolCount}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('rounds.listCount')}>{r.listCount}</Descriptions.Item>
            {r.listHash && <Descriptions.Item label={t('listHash')}>{r.listHash}</Descriptions.Item>}
            {r.commitment && (
              <Descriptions.Item label={t('commitment')}>
                <span data-testid="commitment">{r.commitment}</span>
              </Descriptions.Item>
            )}
            {r.drawAt != null && (
              <Descriptions.Item label={t('rounds.drawAt')}>{beijing(r.drawAt)}</Descriptions.Item>
            )}
            {r.seed && <Descriptions.Item label={t('seed')}>{r.seed}</Descriptions.Item>}
          </Descriptions>
          {r.status === 'planning' && <PlanningStep round={r} act={act} />}
          {r.status === 'frozen' && <CommitStep round={r} act={act} />}
          {r.status === 'committed' && <DrawStep round={r} act={act} />}
          {r.status === 'drawn' && (
            <Space style={{ marginTop: 16 }}>
              <Link to={`/supervision/orders?roundId=${r.id}`}>{t('rounds.orders')}</Link>
              <Button
                type="primary"
                data-testid="round-publish"
                onClick={() => void act(() => publishRound(r.id))}
              >
                {t('rounds.publish')}
              </Button>
            </Space>
          )}
          {r.committedAt != null && (
            <Typography.Paragraph style={{ marginTop: 16 }}>
              <Link to={`/public/supervision/${r.id}`} data-testid="public-link">
                {t('rounds.publicPage')}
              </Link>
            </Typography.Paragraph>
          )}
        </Card>
      )}
    </QueryView>
  );
}

type StepProps = { round: Round; act: (fn: () => Promise<Round>) => Promise<void> };

function PlanningStep({ round, act }: StepProps) {
  const { t } = useTranslation('supervision');
  const inspectors = useQuery({ queryKey: ['supervision', 'inspectors'], queryFn: getInspectors });
  const [chosen, setChosen] = useState<number[]>([]);
  return (
    <Space direction="vertical" style={{ marginTop: 16, width: '100%' }}>
      <Typography.Text type="secondary">{t('rounds.poolHint')}</Typography.Text>
      <Select
        mode="multiple"
        data-testid="pool-select"
        style={{ width: '100%' }}
        loading={inspectors.isLoading}
        value={chosen}
        onChange={setChosen}
        optionFilterProp="label"
        options={(inspectors.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
      />
      <Space>
        <Button
          data-testid="pool-save"
          disabled={chosen.length < round.perTarget}
          onClick={() => void act(() => setPool(round.id, chosen))}
        >
          {t('rounds.savePool')}
        </Button>
        <Button
          type="primary"
          data-testid="round-freeze"
          disabled={round.poolCount < round.perTarget}
          onClick={() => void act(() => freezeRound(round.id))}
        >
          {t('rounds.freeze')}
        </Button>
      </Space>
    </Space>
  );
}

function CommitStep({ round, act }: StepProps) {
  const { t } = useTranslation('supervision');
  const [minutes, setMinutes] = useState(0);
  const [commitment, setCommitment] = useState('');
  return (
    <Space direction="vertical" style={{ marginTop: 16, width: '100%' }}>
      <Typography.Text type="secondary">{t('rounds.commitHint')}</Typography.Text>
      <Input
        placeholder={t('rounds.ownCommitment')}
        value={commitment}
        onChange={(e) => setCommitment(e.target.value.trim())}
      />
      <Space>
        <span>{t('rounds.drawInMinutes')}</span>
        <InputNumber min={0} max={60 * 24 * 14} value={minutes} onChange={(v) => setMinutes(v ?? 0)} />
        <Button
          type="primary"
          data-testid="round-commit"
          onClick={() =>
            void act(() => commitRound(round.id, Date.now() + minutes * 60_000, commitment || undefined))
          }
        >
          {t('rounds.commit')}
        </Button>
      </Space>
    </Space>
  );
}

function DrawStep({ round, act }: StepProps) {
  const { t } = useTranslation('supervision');
  const [seed, setSeed] = useState('');
  const early = round.drawAt != null && Date.now() < round.drawAt;
  return (
    <Space direction="vertical" style={{ marginTop: 16, width: '100%' }}>
      <Typography.Text type="secondary">
        {early ? t('rounds.drawNotYet', { at: beijing(round.drawAt!) }) : t('rounds.drawHint')}
      </Typography.Text>
      <Space>
        <Input
          placeholder={t('rounds.ownSeed')}
          value={seed}
          onChange={(e) => setSeed(e.target.value)}
          style={{ width: 320 }}
        />
        <Button
          type="primary"
          data-testid="round-draw"
          disabled={early}
          onClick={() => void act(() => drawRoundNow(round.id, seed || undefined))}
        >
          {t('rounds.draw')}
        </Button>
      </Space>
    </Space>
  );
}
