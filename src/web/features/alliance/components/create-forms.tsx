import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { GROUP_CHANNELS, TEAM_TYPES } from '../../../../contracts/alliance.ts';
import { applyApiError } from '../../../lib/form-errors.ts';
import { useCreateGroup } from '../api/create-group.ts';
import { useCreateTeam } from '../api/create-team.ts';

/** A team on the node picked in the header. */
export function CreateTeamModal({
  nodeId,
  open,
  onClose,
}: {
  nodeId: number;
  open: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation('alliance');
  const [form] = Form.useForm();
  const create = useCreateTeam();
  const { message } = App.useApp();
  const onOk = async () => {
    const values = await form.validateFields();
    try {
      await create.mutateAsync({ ...values, nodeId });
      form.resetFields();
      onClose();
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) message.error(rest);
    }
  };
  return (
    <Modal
      open={open}
      title={t('roster.newTeam')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={create.isPending}
    >
      <Form form={form} layout="vertical" initialValues={{ type: 'rescue', skills: [] }}>
        <Form.Item name="name" label={t('roster.name')} rules={[{ required: true, max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="type" label={t('roster.type')}>
          <Select options={TEAM_TYPES.map((x) => ({ value: x, label: t(`teamTypes.${x}`) }))} />
        </Form.Item>
        <Form.Item name="skills" label={t('signup.skills')}>
          <Select mode="tags" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A chat group on the node picked in the header; the owner is a user id from the user list. */
export function CreateGroupModal({
  nodeId,
  open,
  onClose,
}: {
  nodeId: number;
  open: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation('alliance');
  const [form] = Form.useForm();
  const create = useCreateGroup();
  const channel = Form.useWatch('channel', form);
  const { message } = App.useApp();
  const onOk = async () => {
    const values = await form.validateFields();
    try {
      await create.mutateAsync({
        ...values,
        nodeId,
        webhookUrl: values.webhookUrl || null,
        secret: values.secret || null,
      });
      form.resetFields();
      onClose();
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) message.error(rest);
    }
  };
  return (
    <Modal
      open={open}
      title={t('roster.newGroup')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={create.isPending}
    >
      <Form form={form} layout="vertical" initialValues={{ channel: 'none', memberCount: 0 }}>
        <Form.Item name="name" label={t('roster.name')} rules={[{ required: true, max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="ownerUserId" label={t('roster.ownerId')} rules={[{ required: true }]}>
          <InputNumber min={1} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="memberCount" label={t('roster.members')} rules={[{ required: true }]}>
          <InputNumber min={0} max={100000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="channel" label={t('roster.channel')}>
          <Select options={GROUP_CHANNELS.map((c) => ({ value: c, label: t(`roster.channels.${c}`) }))} />
        </Form.Item>
        {channel && channel !== 'none' ? (
          <Form.Item name="webhookUrl" label={t('roster.webhook')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        ) : null}
        {channel === 'dingtalk' ? (
          <Form.Item name="secret" label={t('roster.secret')}>
            <Input.Password />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
