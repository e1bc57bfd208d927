import { Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { TRANSPORTS } from '../../../../contracts/returnees.ts';
import { useOrigins } from '../api/returnees.ts';

/** Beijing's calendar day: the arrival a cadre or resident enters is a day in China. */
export const todayInBeijing = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Who came back, from where and how: the same fields whether a village cadre registers the
 * person or the resident reports their own return. `testIdPrefix` keeps each form's specs apart.
 */
export function ReturneeFields({ testIdPrefix }: { testIdPrefix: string }) {
  const { t } = useTranslation('returnees');
  const origins = useOrigins();
  return (
    <>
      <Form.Item name="name" label={t('name')} rules={[{ required: true }]}>
        <Input data-testid={`${testIdPrefix}-name`} />
      </Form.Item>
      <Form.Item name="idNumber" label={t('idNumber')} rules={[{ required: true }]}>
        <Input data-testid={`${testIdPrefix}-id`} />
      </Form.Item>
      <Form.Item name="phone" label={t('phone')} rules={[{ required: true }]}>
        <Input data-testid={`${testIdPrefix}-phone`} inputMode="tel" />
      </Form.Item>
      <Form.Item name="address" label={t('address')}>
        <Input />
      </Form.Item>
      <Form.Item name="fromCode" label={t('from')} rules={[{ required: true }]}>
        <Select
          data-testid={`${testIdPrefix}-from`}
          showSearch
          optionFilterProp="label"
          options={(origins.data ?? []).map((o) => ({ value: o.code, label: o.name }))}
        />
      </Form.Item>
      <Form.Item name="arrivalDay" label={t('arrivalDay')} rules={[{ required: true }]}>
        <Input type="date" />
      </Form.Item>
      <Form.Item name="transport" label={t('transport')}>
        <Select options={TRANSPORTS.map((v) => ({ value: v, label: t(`transports.${v}`) }))} />
      </Form.Item>
      <Form.Item name="transportNo" label={t('transportNo')}>
        <Input />
      </Form.Item>
      <Form.Item name="companions" label={t('companions')}>
        <InputNumber min={0} max={20} />
      </Form.Item>
    </>
  );
}
