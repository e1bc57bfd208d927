import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCurrentNode } from '../../../lib/current-node.tsx';
import { applyApiError } from '../../../lib/form-errors.ts';
import { type CreateUserInput, useCreateUser } from '../api/create-user.ts';
import { NodeSelect } from './node-select.tsx';
import { RoleSelect, useAssignableRoles } from './role-select.tsx';

export function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('users');
  const { t: tc } = useTranslation();
  const [form] = Form.useForm<CreateUserInput>();
  const create = useCreateUser();
  const { node } = useCurrentNode();
  const roles = useAssignableRoles();
  const { message } = App.useApp();
  const defaultRole = roles.includes('official') ? 'official' : roles[0];

  const onOk = async () => {
    const values = await form.validateFields();
    try {
      const user = await create.mutateAsync(values);
      message.success(t('created', { name: user.name }));
      form.resetFields();
      onClose();
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) message.error(rest);
    }
  };

  return (
    <Modal
      title={t('createTitle')}
      open={open}
      onOk={() => void onOk()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      okText={tc('save')}
      cancelText={tc('cancel')}
      okButtonProps={{ 'data-testid': 'create-user-submit' } as Record<string, string>}
      destroyOnHidden
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ grants: [{ role: defaultRole, nodeId: node?.id }] }}
        requiredMark={false}
      >
        <Form.Item name="name" label={t('name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={40} data-testid="user-name" />
        </Form.Item>
        <Form.Item name="phone" label={t('phone')} rules={[{ required: true }]}>
          <Input inputMode="tel" maxLength={11} data-testid="user-phone" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('password')}
          extra={t('passwordRule')}
          rules={[{ required: true }]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-password" />
        </Form.Item>
        <Form.List name="grants">
          {(fields, { add, remove }) => (
            <Form.Item label={t('grants')} required>
              {fields.map((field, index) => (
                <Space key={field.key} align="baseline" wrap style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'role']} rules={[{ required: true }]}>
                    <RoleSelect testId={`grant-role-${index}`} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'nodeId']}
                    rules={[{ required: true, message: t('nodeRequired') }]}
                  >
                    <NodeSelect initial={node} testId={`grant-node-${index}`} />
                  </Form.Item>
                  {fields.length > 1 ? (
                    <MinusCircleOutlined aria-label={t('removeGrant')} onClick={() => remove(field.name)} />
                  ) : null}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: defaultRole })}>
                {t('addGrant')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
