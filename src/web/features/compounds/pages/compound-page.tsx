import { Card, Descriptions, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { QueryView } from '../../../components/states.tsx';
import { usePermission } from '../../../lib/auth.ts';
import { useCompound } from '../api/get-compound.ts';
import { EntriesTab } from '../components/entries-tab.tsx';
import { HouseholdsTab } from '../components/households-tab.tsx';
import { ImportTab } from '../components/import-tab.tsx';
import { PassesTab } from '../components/passes-tab.tsx';
import { ResidentsTab } from '../components/residents-tab.tsx';
import { RulesCard } from '../components/rules-card.tsx';

export default function CompoundPage() {
  const { t } = useTranslation('compounds');
  const id = Number(useParams().id);
  const compound = useCompound(id);
  const canManage = usePermission('compounds.manage');
  const canIssue = usePermission('passes.issue');
  const canSeeResidents = usePermission('residents.read');
  const canReadGate = usePermission('gate.read');
  return (
    <QueryView query={compound}>
      {(c) => (
        <Card title={`${c.name} · ${c.communityName}`}>
          <Tabs
            items={[
              {
                key: 'profile',
                label: t('profile'),
                children: (
                  <>
                    <Descriptions column={1} size="small" bordered>
                      <Descriptions.Item label={t('address')}>{c.address ?? '—'}</Descriptions.Item>
                      <Descriptions.Item label={t('mode')}>
                        {c.mode ? t(`modes.${c.mode}`) : '—'}
                      </Descriptions.Item>
                      <Descriptions.Item label={t('gates')}>
                        {c.gates.map((g) => g.name).join('、') || '—'}
                      </Descriptions.Item>
                      <Descriptions.Item label={t('households')}>{c.households}</Descriptions.Item>
                      <Descriptions.Item label={t('residents')}>{c.residents}</Descriptions.Item>
                      <Descriptions.Item label={t('vehicles')}>{c.vehicles}</Descriptions.Item>
                    </Descriptions>
                    <RulesCard compoundId={c.id} editable={canIssue} />
                  </>
                ),
              },
              {
                key: 'households',
                label: t('households'),
                children: <HouseholdsTab compoundId={c.id} editable={canManage} />,
              },
              ...(canSeeResidents
                ? [
                    {
                      key: 'residents',
                      label: t('residents'),
                      children: <ResidentsTab compoundId={c.id} editable={canManage} canIssue={canIssue} />,
                    },
                  ]
                : []),
              ...(canManage
                ? [{ key: 'import', label: t('import'), children: <ImportTab compoundId={c.id} /> }]
                : []),
              ...(canReadGate
                ? [{ key: 'entries', label: t('entries'), children: <EntriesTab compoundId={c.id} /> }]
                : []),
              ...(canIssue
                ? [{ key: 'passes', label: t('passes'), children: <PassesTab compoundId={c.id} /> }]
                : []),
            ]}
          />
        </Card>
      )}
    </QueryView>
  );
}
