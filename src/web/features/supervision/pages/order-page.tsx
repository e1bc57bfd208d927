import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Image, Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { QueryView } from '../../../components/states.tsx';
import { answerOrder, closeOrder, getOrder, sendBackOrder, uploadPhoto } from '../api/supervision.ts';

const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** One order: the finding, the responsible side's answer with evidence, the inspector's close or send-back. */
export default function OrderPage() {
  const { t } = useTranslation('supervision');
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const client = useQueryClient();
  const query = useQuery({ queryKey: ['supervision', 'order', id], queryFn: () => getOrder(id) });
  const [evidence, setEvidence] = useState<string[]>([]);
  const [answer, setAnswer] = useState('');
  const [note, setNote] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: ['supervision'] });
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await refresh();
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  return (
    <QueryView query={query}>
      {(o) => (
        <Card title={o.targetLabel} extra={<Tag data-testid="order-status">{t(`statuses.${o.status}`)}</Tag>}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('rule')}>{o.rule}</Descriptions.Item>
            <Descriptions.Item label={t('severity')}>{t(`severities.${o.severity}`)}</Descriptions.Item>
            <Descriptions.Item label={t('note')}>{o.note}</Descriptions.Item>
            <Descriptions.Item label={t('deadline')}>{beijing(o.deadline)}</Descriptions.Item>
            {o.answer && <Descriptions.Item label={t('answer')}>{o.answer}</Descriptions.Item>}
            {o.closeNote && <Descriptions.Item label={t('closeNote')}>{o.closeNote}</Descriptions.Item>}
          </Descriptions>
          <Space wrap>
            {[...o.photoIds, ...o.evidenceIds].map((f) => (
              <Image key={f} width={72} src={`/api/files/${f}`} />
            ))}
          </Space>
          {o.canAnswer && (
            <Form layout="vertical" style={{ marginTop: 16 }}>
              <Form.Item label={t('answer')}>
                <Input.TextArea
                  data-testid="answer-text"
                  value={answer}
                  onChange={(e) => setAnswer(e.target.value)}
                />
              </Form.Item>
              <Form.Item label={t('evidence', { count: evidence.length })}>
                <input
                  data-testid="answer-evidence"
                  type="file"
                  accept="image/*,application/pdf"
                  onChange={async (e) => {
                    const file = e.target.files?.[0];
                    if (!file) return;
                    const stored = await uploadPhoto('sup-order', o.id, file, file.name);
                    setEvidence((list) => [...list, stored.id]);
                  }}
                />
              </Form.Item>
              <Button
                type="primary"
                data-testid="answer-submit"
                disabled={!answer || evidence.length === 0}
                onClick={() => act(() => answerOrder(o.id, answer, evidence))}
              >
                {t('submitAnswer')}
              </Button>
            </Form>
          )}
          {o.canClose && (
            <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
              <Input.TextArea
                data-testid="close-note"
                placeholder={t('reinspection')}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
              <Space>
                <Button
                  type="primary"
                  data-testid="close-order"
                  disabled={!note}
                  onClick={() => act(() => closeOrder(o.id, note))}
                >
                  {t('close')}
                </Button>
                <Button danger disabled={!note} onClick={() => act(() => sendBackOrder(o.id, note))}>
                  {t('sendBack')}
                </Button>
              </Space>
            </Space>
          )}
        </Card>
      )}
    </QueryView>
  );
}
