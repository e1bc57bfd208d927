import { App, Button, Card, Descriptions, Form, Input, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../../lib/auth.ts';
import { applyApiError } from '../../../lib/form-errors.ts';
import { type ChangePasswordBody, useChangePassword } from '../api/change-password.ts';

type PasswordForm = ChangePasswordBody & { confirm: string };

export default function AccountPage() {
  const { t } = useTranslation('auth');
  const { t: tc } = useTranslation();
  const me = useCurrentUser();
  const [form] = Form.useForm<PasswordForm>();
  const change = useChangePassword();
  const { message } = App.useApp();

  const onFinish = async ({ currentPassword, newPassword }: PasswordForm) => {
    try {
      await change.mutateAsync({ currentPassword, newPassword });
      form.resetFields();
      message.success(t('passwordChanged'));
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) message.error(rest);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('profile')}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('name')}>{me.name}</Descriptions.Item>
          <Descriptions.Item label={t('phone')}>{me.phone}</Descriptions.Item>
          <Descriptions.Item label={t('grants')}>
            <Space wrap>
              {me.grants.map((g) => (
                <Tag key={g.id} color="volcano">
                  {tc(`roles.${g.role}`)} · {g.nodeName}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('changePassword')} style={{ maxWidth: 480 }}>
        <Form form={form} layout="vertical" onFinish={onFinish}>
          <Form.Item name="currentPassword" label={t('currentPassword')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" data-testid="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('newPassword')}
            extra={t('passwordRule')}
            rules={[{ required: true }]}
          >
            <Input.Password autoComplete="new-password" data-testid="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('confirmPassword')}
            dependencies={['newPassword']}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('passwordMismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="confirm-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="change-password">
            {tc('save')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
