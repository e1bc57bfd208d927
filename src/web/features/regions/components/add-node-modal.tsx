import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CreateNodeBody, RegionNode } from '../../../../contracts/regions.ts';
import { applyApiError } from '../../../lib/form-errors.ts';
import { useCreateNode } from '../api/create-node.ts';

type Values = Omit<CreateNodeBody, 'parentId'>;

const KINDS = ['compound', 'checkpoint', 'grid', 'other'] as const;

export function AddNodeModal({
  parent,
  open,
  onClose,
}: {
  parent: Pick<RegionNode, 'id' | 'name'>;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('regions');
  const { t: tc } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateNode();
  const { message } = App.useApp();

  const onOk = async () => {
    const values = await form.validateFields();
    try {
      const node = await create.mutateAsync({ ...values, parentId: parent.id });
      message.success(t('nodeCreated', { name: node.name }));
      form.resetFields();
      onClose();
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) message.error(rest);
    }
  };

  return (
    <Modal
      title={t('addNodeTitle', { parent: parent.name })}
      open={open}
      onOk={() => void onOk()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      okText={tc('save')}
      cancelText={tc('cancel')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ kind: 'compound' }}>
        <Form.Item
          name="name"
          label={t('name')}
          rules={[{ required: true, whitespace: true, message: t('nameRequired') }]}
        >
          <Input maxLength={60} data-testid="node-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('kind')} rules={[{ required: true }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: tc(`kinds.${k}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
