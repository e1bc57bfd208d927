import { App, Button, Descriptions, Drawer, Form, List, Popconfirm, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../contracts/permissions.ts';
import type { UserSummary } from '../../../../contracts/users.ts';
import { QueryView } from '../../../components/states.tsx';
import { usePermission } from '../../../lib/auth.ts';
import { applyApiError } from '../../../lib/form-errors.ts';
import { formatTime, useLocale } from '../../../lib/locale.ts';
import { type GrantInput, useAddGrant } from '../api/add-grant.ts';
import { useUser } from '../api/get-user.ts';
import { useRemoveGrant } from '../api/remove-grant.ts';
import { useUpdateUser } from '../api/update-user.ts';
import { NodeSelect } from './node-select.tsx';
import { RoleSelect, useAssignableRoles } from './role-select.tsx';

function Grants({ user }: { user: UserSummary }) {
  const { t } = useTranslation('users');
  const { t: tc } = useTranslation();
  const canManage = usePermission('users.manage');
  const assignable = useAssignableRoles();
  const remove = useRemoveGrant(user.id);
  const add = useAddGrant(user.id);
  const [form] = Form.useForm<GrantInput>();
  const { message } = App.useApp();

  const onAdd = async (values: GrantInput) => {
    try {
      await add.mutateAsync(values);
      form.resetFields();
      message.success(tc('saved'));
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) message.error(rest);
    }
  };

  return (
    <>
      <List
        size="small"
        bordered
        dataSource={user.grants}
        locale={{ emptyText: t('noGrants') }}
        data-testid="user-grants"
        renderItem={(g) => (
          <List.Item
            actions={
              canManage && assignable.includes(g.role)
                ? [
                    <Popconfirm
                      key="remove"
                      title={t('removeGrantConfirm')}
                      // Not returning the promise: the row unmounts on success, and a Popconfirm
                      // waiting on it would be left open without its trigger.
                      onConfirm={() =>
                        remove.mutate(g.id, { onError: (err) => void message.error(err.message) })
                      }
                    >
                      <Button size="small" danger type="link" data-testid="remove-grant">
                        {t('removeGrant')}
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <Space>
              <Tag color="volcano">{tc(`roles.${g.role}`)}</Tag>
              {g.nodeName}
            </Space>
          </List.Item>
        )}
      />
      {canManage ? (
        <Form form={form} layout="inline" onFinish={onAdd} style={{ marginTop: 12, rowGap: 8 }}>
          <Form.Item name="role" rules={[{ required: true }]} initialValue={'official' as Role}>
            <RoleSelect testId="add-grant-role" />
          </Form.Item>
          <Form.Item name="nodeId" rules={[{ required: true, message: t('nodeRequired') }]}>
            <NodeSelect testId="add-grant-node" />
          </Form.Item>
          <Button htmlType="submit" loading={add.isPending} data-testid="add-grant-submit">
            {t('addGrant')}
          </Button>
        </Form>
      ) : null}
    </>
  );
}

export function UserDrawer({ userId, onClose }: { userId: number | undefined; onClose: () => void }) {
  const { t } = useTranslation('users');
  const locale = useLocale();
  const user = useUser(userId);
  const update = useUpdateUser(userId ?? 0);
  const canManage = usePermission('users.manage');
  const { message } = App.useApp();

  return (
    <Drawer open={userId !== undefined} onClose={onClose} title={user.data?.name ?? t('user')} size={520}>
      <QueryView query={user}>
        {(u) => (
          <Space direction="vertical" size="large" style={{ width: '100%' }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('name')}>{u.name}</Descriptions.Item>
              <Descriptions.Item label={t('phone')}>{u.phone}</Descriptions.Item>
              <Descriptions.Item label={t('status')}>
                <Tag color={u.status === 'active' ? 'green' : 'default'}>{t(`statuses.${u.status}`)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('createdAt')}>{formatTime(u.createdAt, locale)}</Descriptions.Item>
            </Descriptions>
            {canManage ? (
              <Popconfirm
                title={u.status === 'active' ? t('disableConfirm') : t('enableConfirm')}
                onConfirm={() =>
                  update.mutate(
                    { status: u.status === 'active' ? 'disabled' : 'active' },
                    { onError: (err) => void message.error(err.message) },
                  )
                }
              >
                <Button danger={u.status === 'active'} loading={update.isPending} data-testid="toggle-status">
                  {u.status === 'active' ? t('disable') : t('enable')}
                </Button>
              </Popconfirm>
            ) : null}
            <div>
              <h4>{t('grants')}</h4>
              <Grants user={u} />
            </div>
          </Space>
        )}
      </QueryView>
    </Drawer>
  );
}
