import { Button, Form, Input, message, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Household, HouseholdBody, Vehicle } from '../../../../contracts/compounds.ts';
import { applyApiError } from '../../../lib/form-errors.ts';
import { useAddBuilding } from '../api/add-building.ts';
import { useAddHousehold } from '../api/add-household.ts';
import { useAddVehicle } from '../api/add-vehicle.ts';
import { useBuildings } from '../api/get-buildings.ts';
import { useHouseholds } from '../api/get-households.ts';
import { useVehicles } from '../api/get-vehicles.ts';

export function HouseholdsTab({ compoundId, editable }: { compoundId: number; editable: boolean }) {
  const { t } = useTranslation('compounds');
  const [page, setPage] = useState(1);
  const [vehiclePage, setVehiclePage] = useState(1);
  const buildings = useBuildings(compoundId);
  const households = useHouseholds(compoundId, page);
  const vehicles = useVehicles(compoundId, vehiclePage);
  const addBuilding = useAddBuilding(compoundId);
  const addHousehold = useAddHousehold(compoundId);
  const addVehicle = useAddVehicle(compoundId);
  const [buildingName, setBuildingName] = useState('');
  const [form] = Form.useForm<HouseholdBody>();
  const [vehicleForm] = Form.useForm<{ householdId: number; plate: string }>();
  const fail = (f: typeof form | typeof vehicleForm) => (err: Error) => {
    const rest = applyApiError(f, err);
    if (rest) message.error(rest);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <span>{t('buildings')}：</span>
        {(buildings.data ?? []).map((b) => (
          <Tag key={b.id}>{b.name}</Tag>
        ))}
        {editable && (
          <Space.Compact>
            <Input
              value={buildingName}
              onChange={(e) => setBuildingName(e.target.value)}
              placeholder={t('building')}
            />
            <Button
              onClick={() =>
                addBuilding.mutate(buildingName.trim(), {
                  onSuccess: () => setBuildingName(''),
                  onError: (err) => void message.error(err.message),
                })
              }
            >
              {t('addBuilding')}
            </Button>
          </Space.Compact>
        )}
      </Space>
      {editable && (
        <Form
          form={form}
          layout="inline"
          onFinish={(v) =>
            addHousehold.mutate(v, { onSuccess: () => form.resetFields(), onError: fail(form) })
          }
          style={{ rowGap: 8 }}
        >
          <Form.Item name="building" label={t('building')}>
            <Select
              allowClear
              style={{ minWidth: 120 }}
              options={(buildings.data ?? []).map((b) => ({ value: b.name, label: b.name }))}
            />
          </Form.Item>
          <Form.Item name="unit" label={t('unit')}>
            <Input style={{ width: 80 }} />
          </Form.Item>
          <Form.Item name="room" label={t('room')} rules={[{ required: true }]}>
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Button htmlType="submit" loading={addHousehold.isPending}>
            {t('addHousehold')}
          </Button>
        </Form>
      )}
      <Table<Household>
        rowKey="id"
        size="small"
        loading={households.isPending}
        dataSource={households.data?.items ?? []}
        pagination={{ current: page, pageSize: 50, total: households.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: 'No.', dataIndex: 'id' },
          { title: t('household'), dataIndex: 'label' },
          { title: t('residents'), dataIndex: 'residents' },
        ]}
      />
      {editable && (
        <Form
          form={vehicleForm}
          layout="inline"
          onFinish={(v) =>
            addVehicle.mutate(v, { onSuccess: () => vehicleForm.resetFields(), onError: fail(vehicleForm) })
          }
          style={{ rowGap: 8 }}
        >
          <Form.Item name="householdId" label={t('household')} rules={[{ required: true }]}>
            <Select
              style={{ minWidth: 160 }}
              options={(households.data?.items ?? []).map((h) => ({ value: h.id, label: h.label }))}
            />
          </Form.Item>
          <Form.Item name="plate" label={t('plate')} rules={[{ required: true }]}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Button htmlType="submit" loading={addVehicle.isPending}>
            {t('addVehicle')}
          </Button>
        </Form>
      )}
      <Table<Vehicle>
        rowKey="id"
        size="small"
        loading={vehicles.isPending}
        dataSource={vehicles.data?.items ?? []}
        pagination={{
          current: vehiclePage,
          pageSize: 50,
          total: vehicles.data?.total ?? 0,
          onChange: setVehiclePage,
        }}
        columns={[
          { title: t('plate'), dataIndex: 'plate' },
          { title: t('household'), dataIndex: 'household' },
        ]}
      />
    </Space>
  );
}
