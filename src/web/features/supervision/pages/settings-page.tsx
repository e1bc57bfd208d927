import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Segmented, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Checklists, TARGET_KINDS, type TargetKind } from '../../../../contracts/supervision.ts';
import { QueryView } from '../../../components/states.tsx';
import { applyApiError } from '../../../lib/form-errors.ts';
import { getChecklists, getEscalation, putChecklist, putEscalation } from '../api/supervision.ts';

/** The command centre's configuration: the escalation ladder and the checklist template of each target kind. */
export default function SettingsPage() {
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <EscalationCard />
      <ChecklistCard />
    </Space>
  );
}

function EscalationCard() {
  const { t } = useTranslation('supervision');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ steps: Array<{ afterHours: number }> }>();
  const query = useQuery({ queryKey: ['supervision', 'escalation'], queryFn: getEscalation });
  const save = async (v: { steps: Array<{ afterHours: number }> }) => {
    try {
      client.setQueryData(['supervision', 'escalation'], await putEscalation(v));
      message.success(t('settings.saved'));
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) message.error(rest);
    }
  };
  return (
    <Card title={t('settings.escalation')}>
      <Typography.Paragraph type="secondary">{t('settings.escalationHint')}</Typography.Paragraph>
      <QueryView query={query}>
        {(rules) => (
          <Form form={form} initialValues={rules} onFinish={(v) => void save(v)}>
            <Form.List name="steps">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, i) => (
                    <Space key={field.key} align="baseline">
                      <span>{t('settings.level', { level: i + 1 })}</span>
                      <Form.Item name={[field.name, 'afterHours']} rules={[{ required: true }]}>
                        <InputNumber
                          min={0}
                          max={24 * 90}
                          addonAfter={t('settings.hoursOverdue')}
                          data-testid={`ladder-${i}`}
                        />
                      </Form.Item>
                      {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
                    </Space>
                  ))}
                  {fields.length < 6 && (
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ afterHours: 168 })}>
                      {t('settings.addLevel')}
                    </Button>
                  )}
                </>
              )}
            </Form.List>
            <Button type="primary" htmlType="submit" style={{ marginTop: 12 }} data-testid="ladder-save">
              {t('settings.save')}
            </Button>
          </Form>
        )}
      </QueryView>
    </Card>
  );
}

type Items = Checklists[TargetKind];

function ChecklistCard() {
  const { t } = useTranslation('supervision');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [kind, setKind] = useState<TargetKind>('community');
  const [form] = Form.useForm<{ items: Items }>();
  const query = useQuery({ queryKey: ['supervision', 'checklists'], queryFn: getChecklists });
  useEffect(() => {
    if (query.data) form.setFieldsValue({ items: query.data[kind] });
  }, [form, kind, query.data]);
  const save = async (v: { items: Items }) => {
    try {
      client.setQueryData(['supervision', 'checklists'], await putChecklist(kind, v.items));
      message.success(t('settings.saved'));
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) message.error(rest);
    }
  };
  return (
    <Card title={t('settings.checklists')}>
      <Segmented
        value={kind}
        onChange={(v) => setKind(v as TargetKind)}
        options={TARGET_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        style={{ marginBottom: 12 }}
      />
      <Typography.Paragraph type="secondary">{t('settings.checklistHint')}</Typography.Paragraph>
      <Form form={form} onFinish={(v) => void save(v)}>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item
                    name={[field.name, 'key']}
                    rules={[{ required: true, pattern: /^[a-z0-9-]{1,40}$/ }]}
                  >
                    <Input placeholder="key" style={{ width: 160 }} data-testid={`item-key-${i}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'zh']} rules={[{ required: true }]}>
                    <Input placeholder="中文" style={{ width: 240 }} data-testid={`item-zh-${i}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'en']} rules={[{ required: true }]}>
                    <Input placeholder="English" style={{ width: 240 }} data-testid={`item-en-${i}`} />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
                </Space>
              ))}
              <div>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} data-testid="item-add">
                  {t('settings.addItem')}
                </Button>
              </div>
            </>
          )}
        </Form.List>
        <Button type="primary" htmlType="submit" style={{ marginTop: 12 }} data-testid="checklist-save">
          {t('settings.save')}
        </Button>
      </Form>
    </Card>
  );
}
