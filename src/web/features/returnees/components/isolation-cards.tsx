import { Button, Card, Input, List, message, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Returnee } from '../../../../contracts/returnees.ts';
import { useAssignRoom, useContacts, useFacilities, useTraceTrip } from '../api/returnees.ts';

const fail = (err: Error) => void message.error(err.message);

/** A person under central isolation is given a bed in a room of a facility the cadre can reach. */
export function RoomPicker({ returnee }: { returnee: Returnee }) {
  const { t } = useTranslation('returnees');
  const facilities = useFacilities();
  const assign = useAssignRoom(returnee.id);
  const options = (facilities.data ?? []).map((f) => ({
    label: f.name,
    options: f.rooms.map((r) => ({
      value: r.id,
      disabled: r.occupied >= r.capacity,
      label: `${r.label}（${t('beds', { occupied: r.occupied, capacity: r.capacity })}）`,
    })),
  }));
  return (
    <Select
      data-testid="returnee-room"
      style={{ minWidth: 240 }}
      placeholder={t('roomPick')}
      loading={facilities.isPending || assign.isPending}
      options={options}
      onChange={(roomId: number) => assign.mutate(roomId, { onError: fail })}
    />
  );
}

/** The case's close contacts: who, how and when last; a trip lists everyone on it (0713). */
export function ContactsCard({ returnee, canManage }: { returnee: Returnee; canManage: boolean }) {
  const { t } = useTranslation('returnees');
  const contacts = useContacts(returnee.id);
  const trace = useTraceTrip(returnee.id);
  const [no, setNo] = useState('');
  const [day, setDay] = useState(returnee.arrivalDay);
  return (
    <Card title={t('contacts')} size="small">
      {canManage && (
        <Space wrap style={{ marginBottom: 8 }}>
          <Input
            data-testid="contacts-trace-no"
            placeholder={t('traceNo')}
            value={no}
            onChange={(e) => setNo(e.target.value)}
          />
          <Input
            type="date"
            aria-label={t('traceDay')}
            value={day}
            onChange={(e) => setDay(e.target.value)}
          />
          <Button
            data-testid="contacts-trace"
            disabled={no.trim().length < 2}
            loading={trace.isPending}
            onClick={() =>
              trace.mutate(
                { transportNo: no.trim(), day },
                {
                  onSuccess: (answer) => void message.success(t('traced', { count: answer.listed })),
                  onError: fail,
                },
              )
            }
          >
            {t('traceTrip')}
          </Button>
        </Space>
      )}
      <List
        data-testid="contacts-list"
        loading={contacts.isPending}
        dataSource={contacts.data ?? []}
        renderItem={(c) => (
          <List.Item>
            <Space wrap>
              <span>{c.name}</span>
              <span>{c.nodeName}</span>
              <Tag>{t(`relations.${c.relation}`)}</Tag>
              <span>
                {t('lastContact')} {c.lastContactDay}
              </span>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
