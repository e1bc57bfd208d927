import {
  type AnyDb,
  ERASED,
  type PersonalDataRegistry,
  type ScopeFilter,
} from '../../core/retention/index.ts';

/** The person's households where nobody else is registered: their address goes with them. */
const soleHouseholds = (db: AnyDb, idNumber: string, scope: ScopeFilter) =>
  db
    .selectFrom('residents as r')
    .select('r.household_id')
    .where('r.id_number', '=', idNumber)
    .where(scope('r.node_path'))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('residents as o')
            .select('o.id')
            .whereRef('o.household_id', '=', 'r.household_id')
            .where('o.id_number', '<>', idNumber),
        ),
      ),
    );

const UNTIL_END = {
  'zh-CN': '至该辖区疫情结束（指挥部设定结束日期并过宽限期）',
  en: 'Until the emergency ends for the node (the command centre sets the end date; then a grace period)',
};

/** Residents, their homes and cars: kept while the compound is closed, gone when the emergency ends. */
export function declareCompoundsPersonalData(registry: PersonalDataRegistry): void {
  registry.declare(
    {
      module: 'compounds',
      table: 'residents',
      purpose: {
        'zh-CN': '封闭小区居民登记与通行证发放',
        en: 'Registering residents of closed compounds for passes',
      },
      personal: ['name', 'phone', 'id_number', 'relation'],
      sensitive: ['status'],
      retention: { days: null, after: ['updated_at'], rule: UNTIL_END },
      onExpiry: 'delete',
      auditEntity: 'resident',
      person: (db, idNumber, scope) =>
        db.selectFrom('residents').select('id').where('id_number', '=', idNumber).where(scope('node_path')),
    },
    {
      module: 'compounds',
      table: 'vehicles',
      purpose: { 'zh-CN': '车辆通行证', en: 'Vehicle passes' },
      personal: ['plate'],
      sensitive: [],
      retention: { days: null, after: ['created_at'], rule: UNTIL_END },
      onExpiry: 'delete',
      auditEntity: 'vehicle',
      person: (db, idNumber, scope) =>
        db
          .selectFrom('vehicles as v')
          .innerJoin('residents as r', 'r.household_id', 'v.household_id')
          .select('v.id')
          .where('r.id_number', '=', idNumber)
          .where(scope('r.node_path')),
      // A household's car stays while someone else lives there.
      personErase: (db, idNumber, scope) =>
        db
          .selectFrom('vehicles')
          .select('id')
          .where('household_id', 'in', soleHouseholds(db, idNumber, scope)),
    },
    {
      module: 'compounds',
      table: 'households',
      purpose: { 'zh-CN': '按户管理出入配额', en: 'Per-household entry quotas' },
      personal: ['building', 'unit', 'room'],
      sensitive: [],
      retention: {
        days: null,
        after: ['created_at'],
        rule: {
          'zh-CN': `${UNTIL_END['zh-CN']}；之后去除门牌，保留户数`,
          en: `${UNTIL_END.en}; then the address goes and the count of households stays`,
        },
      },
      // Passes and gate entries count by household; the row stays, the address goes.
      onExpiry: { anonymise: { building: null, unit: null, room: ERASED, address_key: ERASED } },
      auditEntity: 'household',
      person: (db, idNumber, scope) =>
        db
          .selectFrom('residents')
          .select('household_id')
          .where('id_number', '=', idNumber)
          .where(scope('node_path')),
      personErase: soleHouseholds,
    },
    {
      module: 'compounds',
      table: 'compound_profiles',
      key: 'node_id',
      purpose: { 'zh-CN': '小区值守人员联系方式', en: 'Contacts of compound staff' },
      personal: ['staff'],
      sensitive: [],
      retention: { days: null, after: ['updated_at'], rule: UNTIL_END },
      onExpiry: { anonymise: { staff: '[]' } },
    },
    {
      module: 'compounds',
      table: 'compound_imports',
      purpose: {
        'zh-CN': '居民名册导入（xlsx 原件与逐行报告）',
        en: 'Resident roster imports (the xlsx and its row report)',
      },
      personal: ['errors'],
      sensitive: [],
      retention: {
        days: 7,
        after: ['created_at'],
        rule: {
          'zh-CN': '导入后 7 天，连同上传的文件',
          en: '7 days after the import, with the uploaded file',
        },
      },
      onExpiry: 'delete',
      fileIdColumn: 'file_id',
    },
  );
}
