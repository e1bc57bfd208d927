import { Alert, App, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AVAILABILITY, PLEDGE_TEXT } from '../../../../contracts/alliance.ts';
import { LanguageSwitch } from '../../../components/language-switch.tsx';
import { applyApiError } from '../../../lib/form-errors.ts';
import { useLocale } from '../../../lib/locale.ts';
import { useCommunitySearch } from '../api/public-communities.ts';
import { usePublicTeams } from '../api/public-teams.ts';
import { useSubmitSignup } from '../api/submit-signup.ts';

type Values = {
  name: string;
  phone: string;
  idNumber: string;
  password: string;
  skills: string[];
  availability: (typeof AVAILABILITY)[number];
  nodeId: number;
  teamId?: number;
  pledgeName: string;
};

/** Public: anyone may sign up; an official or team leader of the community reviews it. */
export default function SignupPage() {
  const { t } = useTranslation('alliance');
  const locale = useLocale();
  const [form] = Form.useForm<Values>();
  const [q, setQ] = useState('');
  const communities = useCommunitySearch(q);
  const nodeId = Form.useWatch('nodeId', form);
  const teams = usePublicTeams(nodeId);
  const submit = useSubmitSignup();
  const { message } = App.useApp();

  const onFinish = async (values: Values) => {
    try {
      await submit.mutateAsync({ ...values, teamId: values.teamId ?? null, skills: values.skills ?? [] });
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) message.error(rest);
    }
  };

  return (
    <div style={{ maxWidth: 640, margin: '24px auto', padding: '0 12px' }}>
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
        <LanguageSwitch />
      </div>
      <Card title={t('signup.title')}>
        {submit.isSuccess ? (
          <Alert type="success" showIcon message={t('signup.done')} data-testid="signup-done" />
        ) : (
          <Form
            form={form}
            layout="vertical"
            onFinish={onFinish}
            initialValues={{ availability: 'anytime', skills: [] }}
          >
            <Typography.Paragraph type="secondary">{t('signup.intro')}</Typography.Paragraph>
            <Form.Item name="name" label={t('signup.name')} rules={[{ required: true, min: 2, max: 30 }]}>
              <Input data-testid="signup-name" />
            </Form.Item>
            <Form.Item
              name="phone"
              label={t('signup.phone')}
              rules={[{ required: true, pattern: /^1[3-9]\d{9}$/ }]}
            >
              <Input inputMode="tel" data-testid="signup-phone" />
            </Form.Item>
            <Form.Item name="idNumber" label={t('signup.idNumber')} rules={[{ required: true, len: 18 }]}>
              <Input data-testid="signup-id" />
            </Form.Item>
            <Form.Item name="password" label={t('signup.password')} rules={[{ required: true, min: 8 }]}>
              <Input.Password data-testid="signup-password" />
            </Form.Item>
            <Form.Item name="nodeId" label={t('signup.community')} rules={[{ required: true }]}>
              <Select
                showSearch={{ filterOption: false, onSearch: setQ }}
                loading={communities.isFetching}
                placeholder={t('signup.communityPlaceholder')}
                options={(communities.data ?? []).map((c) => ({
                  value: c.id,
                  label: `${c.name}（${c.parents}）`,
                }))}
                data-testid="signup-community"
              />
            </Form.Item>
            <Form.Item name="teamId" label={t('signup.team')}>
              <Select
                allowClear
                placeholder={t('signup.choose')}
                options={(teams.data ?? []).map((x) => ({
                  value: x.id,
                  label: `${x.name} · ${t(`teamTypes.${x.type}`)}`,
                }))}
              />
            </Form.Item>
            <Form.Item name="skills" label={t('signup.skills')}>
              <Select mode="tags" />
            </Form.Item>
            <Form.Item name="availability" label={t('signup.availability')}>
              <Select
                options={AVAILABILITY.map((a) => ({ value: a, label: t(`signup.availabilities.${a}`) }))}
              />
            </Form.Item>
            <Card size="small" title={t('signup.pledge')} style={{ marginBottom: 16 }}>
              <Typography.Paragraph>{PLEDGE_TEXT[locale]}</Typography.Paragraph>
              {/* Checked against the name field and re-checked when either changes, so an error clears
                  the moment the signature matches. */}
              <Form.Item
                name="pledgeName"
                label={t('signup.pledgeName')}
                dependencies={['name']}
                rules={[
                  { required: true, whitespace: true, message: t('signup.pledgeRequired') },
                  ({ getFieldValue }) => ({
                    validator: (_, value: string | undefined) =>
                      !value?.trim() || value.trim() === String(getFieldValue('name') ?? '').trim()
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('signup.pledgeMismatch'))),
                  }),
                ]}
                style={{ marginBottom: 0 }}
              >
                <Input data-testid="signup-pledge" />
              </Form.Item>
            </Card>
            <Button
              type="primary"
              htmlType="submit"
              block
              loading={submit.isPending}
              data-testid="signup-submit"
            >
              {t('signup.submit')}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
