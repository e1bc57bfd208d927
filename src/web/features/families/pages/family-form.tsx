import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type Family,
  type FamilyBody,
  type FamilyEditBody,
  NEED_KINDS,
} from '../../../../contracts/families.ts';
import { useCurrentNode } from '../../../lib/current-node.tsx';
import { applyApiError } from '../../../lib/form-errors.ts';
import { useBatches, useEditFamily, useRegisterFamily } from '../api/families.ts';

type Values = Omit<FamilyBody, 'nodeId' | 'liaisonId' | 'familyUserId'>;

const EDITABLE = [
  'workerName',
  'profession',
  'hospital',
  'destination',
  'outDay',
  'members',
  'address',
  'phone',
  'needs',
  'liaisonPhone',
] as const;

/** The fields a family's record is made of, shared by registering and editing it. */
function FamilyFields({ withBatch }: { withBatch: boolean }) {
  const { t } = useTranslation('families');
  const batches = useBatches(withBatch);
  const required = [{ required: true, whitespace: true }];
  return (
    <>
      {withBatch && (
        <Form.Item name="batchId" label={t('batch')} rules={[{ required: true }]}>
          <Select
            data-testid="family-form-batch"
            loading={batches.isLoading}
            options={(batches.data ?? [])
              .filter((b) => !b.returnedDay)
              .map((b) => ({ value: b.id, label: `${b.name} · ${b.destination}` }))}
          />
        </Form.Item>
      )}
      <Space wrap>
        <Form.Item name="workerName" label={t('worker')} rules={required}>
          <Input maxLength={40} data-testid="family-form-worker" />
        </Form.Item>
        <Form.Item name="profession" label={t('profession')} rules={required}>
          <Input maxLength={40} data-testid="family-form-profession" />
        </Form.Item>
      </Space>
      <Form.Item name="hospital" label={t('hospital')} rules={required}>
        <Input maxLength={100} data-testid="family-form-hospital" />
      </Form.Item>
      <Space wrap>
        <Form.Item name="destination" label={t('destination')} rules={required}>
          <Input maxLength={100} data-testid="family-form-destination" />
        </Form.Item>
        <Form.Item name="outDay" label={t('outDay')} rules={[{ required: true }]}>
          <Input type="date" data-testid="family-form-out-day" />
        </Form.Item>
      </Space>
      <Form.List name="members">
        {(fields, { add, remove }) => (
          <Form.Item label={t('members')} required>
            {fields.map((field, index) => (
              <Space key={field.key} align="baseline" wrap>
                <Form.Item name={[field.name, 'name']} rules={required}>
                  <Input
                    placeholder={t('memberName')}
                    maxLength={40}
                    data-testid={`family-form-member-${index}`}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'relation']} rules={required}>
                  <Input placeholder={t('relation')} maxLength={20} style={{ width: 90 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'age']}>
                  <InputNumber placeholder={t('age')} min={0} max={120} style={{ width: 80 }} />
                </Form.Item>
                {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', relation: '' })}>
              {t('addMember')}
            </Button>
          </Form.Item>
        )}
      </Form.List>
      <Form.Item name="address" label={t('address')} rules={required}>
        <Input maxLength={200} data-testid="family-form-address" />
      </Form.Item>
      <Form.Item name="phone" label={t('phone')} rules={[{ required: true }]}>
        <Input inputMode="tel" maxLength={11} data-testid="family-form-phone" />
      </Form.Item>
      <Form.Item name="needs" label={t('needs')}>
        <Checkbox.Group options={NEED_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
      </Form.Item>
      <Form.Item name="liaisonPhone" label={t('liaisonPhone')} rules={[{ required: true }]}>
        <Input inputMode="tel" maxLength={11} data-testid="family-form-liaison" />
      </Form.Item>
    </>
  );
}

function FamilyModal<T>({
  title,
  open,
  onClose,
  initial,
  withBatch,
  pending,
  submit,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  initial: Partial<Values>;
  withBatch: boolean;
  pending: boolean;
  submit: (values: Values & { batchId: number }) => Promise<T>;
}) {
  const { t: tc } = useTranslation();
  const [form] = Form.useForm<Values & { batchId: number }>();
  const { message } = App.useApp();
  const onOk = async () => {
    const raw = await form.validateFields();
    // A cleared age comes back as null; the record leaves it out.
    const members = (raw.members ?? []).map(({ age, ...m }) => (age == null ? m : { ...m, age }));
    try {
      await submit({ ...raw, members });
      form.resetFields();
      onClose();
    } catch (err) {
      const rest = applyApiError(form, err);
      if (rest) message.error(rest);
    }
  };
  return (
    <Modal
      title={title}
      open={open}
      onOk={() => void onOk()}
      onCancel={onClose}
      confirmLoading={pending}
      okText={tc('save')}
      cancelText={tc('cancel')}
      okButtonProps={{ 'data-testid': 'family-form-submit' } as Record<string, string>}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" initialValues={initial} requiredMark={false}>
        <FamilyFields withBatch={withBatch} />
      </Form>
    </Modal>
  );
}

/** Registers a family in the community the official works on (the shell's current node). */
export function RegisterFamilyModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('families');
  const { node } = useCurrentNode();
  const register = useRegisterFamily();
  const { message } = App.useApp();
  return (
    <FamilyModal
      title={`${t('register')} · ${node?.name ?? ''}`}
      open={open}
      onClose={onClose}
      initial={{ members: [{ name: '', relation: '' }], needs: [] }}
      withBatch
      pending={register.isPending}
      submit={async (values) => {
        const family = await register.mutateAsync({ ...values, nodeId: node!.id });
        message.success(t('registered', { name: family.workerName }));
        return family;
      }}
    />
  );
}

/** Edits a family's record; only the fields changed are sent, so the audit names just those. */
export function EditFamilyModal({
  family,
  open,
  onClose,
}: {
  family: Family;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('families');
  const edit = useEditFamily(family.id);
  const initial: Omit<Values, 'batchId'> = {
    workerName: family.workerName,
    profession: family.profession,
    hospital: family.hospital,
    destination: family.destination,
    outDay: family.outDay,
    members: family.members,
    address: family.address,
    phone: family.phone,
    needs: family.needs,
    liaisonPhone: family.liaisonPhone,
  };
  return (
    <FamilyModal
      title={t('edit')}
      open={open}
      onClose={onClose}
      initial={initial}
      withBatch={false}
      pending={edit.isPending}
      submit={async (values) => {
        const changed: FamilyEditBody = {};
        for (const key of EDITABLE)
          if (JSON.stringify(values[key]) !== JSON.stringify(initial[key]))
            Object.assign(changed, { [key]: values[key] });
        if (Object.keys(changed).length === 0) return null;
        return edit.mutateAsync(changed);
      }}
    />
  );
}
