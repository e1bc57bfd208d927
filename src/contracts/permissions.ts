/**
 * The permission catalogue: every role, every permission, and which role holds which. Routes
 * declare the permission they need; the web shell reads the same table to decide what to show.
 * A grant (user, role, node) gives the role's permissions on the node's subtree and nothing else.
 */
export const ROLES = [
  'admin',
  'command_centre',
  'official',
  'team_leader',
  'volunteer',
  'gate_keeper',
  'resident',
  'enterprise',
  'inspector',
  'archivist',
  'counsellor',
  'discipline',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'regions.read',
  'regions.manage',
  'users.read',
  'users.manage',
  'personal.read',
  'audit.read',
  'audit.verify',
  'events.read',
  'webhooks.manage',
  'jobs.read',
  'files.upload',
  'compounds.read',
  'compounds.manage',
  'residents.read',
  'passes.issue',
  'passes.keys',
  'passes.mine',
  'gate.scan',
  'gate.read',
  'gate.fever.handle',
  'volunteers.read',
  'volunteers.manage',
  'groups.manage',
  'broadcasts.send',
  'broadcasts.read-reach',
  'dashboard.read',
  'chronicle.read',
  'chronicle.edit',
  'chronicle.approve',
  'archives.read',
  'archives.manage',
  'archives.publish',
  'retention.read',
  'retention.emergency',
  'personal.request',
  'enterprises.self',
  'enterprises.review',
  'certificates.issue',
  'customs.clear',
  'returnees.read',
  'returnees.manage',
  'returnees.rules',
  'returnees.self',
  'counselling.book',
  'counselling.publish',
  'counselling.supervise',
  'fieldwork.read',
  'fieldwork.manage',
  'fieldwork.lead',
  'fieldwork.duty',
  'grocery.directory',
  'grocery.order',
  'grocery.read',
  'grocery.manage',
  'grocery.deliver',
  'families.read',
  'families.oversee',
  'families.batches',
  'families.deliver',
  'cadres.self',
  'cadres.read',
  'cadres.manage',
  'cadres.ledger',
  'cadres.approve',
  'supplies.read',
  'supplies.manage',
  'supplies.needs',
  'supplies.deliver',
  'supervision.read',
  'supervision.manage',
  'supervision.inspect',
  'supervision.rectify',
  'supervision.discipline',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// Anyone signed in may book a counselling session: front-line staff, their families, residents.
// cadres.self: one's own ledger, and recording as a member of an assessment group (checked per group).
const everyone: Permission[] = ['regions.read', 'events.read', 'counselling.book', 'cadres.self'];
const officialSet: Permission[] = [
  ...everyone,
  'regions.manage',
  'users.read',
  'users.manage',
  'personal.read',
  'audit.read',
  'webhooks.manage',
  'files.upload',
  'volunteers.read',
  'volunteers.manage',
  'groups.manage',
  'broadcasts.send',
  'broadcasts.read-reach',
  'fieldwork.read',
  'fieldwork.manage',
];
/** Closed compounds (三网两证): officials run them in their subtree; gate keepers scan at theirs. */
const compoundOfficial: Permission[] = [
  'compounds.read',
  'compounds.manage',
  'residents.read',
  'passes.issue',
  'gate.read',
  'gate.fever.handle',
];
/** The command picture: the dashboard, the daily chronicle and the published archives. */
const commandPicture: Permission[] = ['dashboard.read', 'chronicle.read', 'archives.read'];
/** 档案整理组: files the archives, drafts the chronicle; a director-level role approves it. */
const archivistSet: Permission[] = [
  ...commandPicture,
  'chronicle.edit',
  'archives.manage',
  'archives.publish',
];

/** Enterprises: officials review resumption filings; the trade council and customs sit at city level. */
const enterpriseDesk: Permission[] = ['enterprises.review', 'certificates.issue', 'customs.clear'];
/** 返乡人员排查: the community registers and follows up; the command centre keeps the rules. */
const returnees: Permission[] = ['returnees.read', 'returnees.manage'];
/** Zero-markup grocery: officials run cycles and reports; shops (enterprise) read their own. */
const groceryOfficial: Permission[] = [
  'grocery.directory',
  'grocery.read',
  'grocery.manage',
  'grocery.deliver',
];
/**
 * Donations ledger: officials keep the stores and the ledger in their subtree and post needs for
 * hospitals, checkpoints, communities and families there; a team leader posts a checkpoint's needs
 * and reads stock; volunteers carry waybills and record the receiver's sign-off.
 */
const suppliesOfficial: Permission[] = [
  'supplies.read',
  'supplies.manage',
  'supplies.needs',
  'supplies.deliver',
];
/** Field work: a team leader runs the team's checkpoints and also stands duty. */
const fieldLead: Permission[] = ['fieldwork.read', 'fieldwork.lead', 'fieldwork.duty'];

/**
 * Families of medical staff sent out: officials hold families.read but see a family only from a
 * grant at its community (or below); the command centre oversees every subtree and keeps the
 * batches. A named liaison sees their own families whatever their role; volunteers see only the
 * deliveries they hold.
 */
const familiesCentre: Permission[] = ['families.read', 'families.oversee', 'families.batches'];
/** 包联 / 纪实台账: officials see who holds which area; the command centre reads ledgers and names outstanding cadres. */
const cadresCommand: Permission[] = ['cadres.read', 'cadres.manage', 'cadres.ledger', 'cadres.approve'];
/**
 * 督查: the command centre runs rounds and draws; inspectors record findings on their assigned
 * visits; officials answer rectification orders in their subtree. Discipline records are read only
 * by the command centre and the discipline role (纪检监察).
 */
const supervisionCommand: Permission[] = [
  'supervision.read',
  'supervision.manage',
  'supervision.rectify',
  'supervision.discipline',
];

/** The personal-data inventory, the end of an emergency, and a person's export and erasure. */
const retention: Permission[] = ['retention.read', 'retention.emergency', 'personal.request'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    ...officialSet,
    ...compoundOfficial,
    ...commandPicture,
    ...retention,
    ...enterpriseDesk,
    'jobs.read',
    'audit.verify',
    'passes.keys',
    'chronicle.approve',
    ...returnees,
    'returnees.rules',
    'counselling.supervise',
    ...groceryOfficial,
    ...familiesCentre,
    ...cadresCommand,
    ...suppliesOfficial,
    ...supervisionCommand,
  ],
  command_centre: [
    ...officialSet,
    ...compoundOfficial,
    ...commandPicture,
    ...retention,
    ...enterpriseDesk,
    'jobs.read',
    'audit.verify',
    'passes.keys',
    'chronicle.approve',
    ...returnees,
    'returnees.rules',
    'counselling.supervise',
    ...groceryOfficial,
    ...familiesCentre,
    ...cadresCommand,
    ...suppliesOfficial,
    ...supervisionCommand,
  ],
  official: [
    ...officialSet,
    ...compoundOfficial,
    ...commandPicture,
    ...enterpriseDesk,
    ...returnees,
    ...groceryOfficial,
    ...suppliesOfficial,
    'personal.request',
    'families.read',
    'cadres.read',
    'supervision.read',
    'supervision.rectify',
  ],
  team_leader: [
    ...everyone,
    'users.read',
    'files.upload',
    'volunteers.read',
    'volunteers.manage',
    ...fieldLead,
    'grocery.directory',
    'grocery.deliver',
    'families.deliver',
    'supplies.read',
    'supplies.needs',
    'supplies.deliver',
  ],
  volunteer: [
    ...everyone,
    'files.upload',
    'fieldwork.duty',
    'grocery.directory',
    'grocery.deliver',
    'families.deliver',
    'supplies.deliver',
  ],
  gate_keeper: [...everyone, 'gate.scan', 'gate.read'],
  resident: [...everyone, 'passes.mine', 'grocery.directory', 'grocery.order', 'returnees.self'],
  enterprise: [
    ...everyone,
    'files.upload',
    'enterprises.self',
    'grocery.directory',
    'grocery.read',
    'grocery.deliver',
  ],
  inspector: [
    ...everyone,
    'audit.read',
    'files.upload',
    ...commandPicture,
    'cadres.read',
    'supplies.read',
    'supervision.inspect',
  ],
  archivist: [...everyone, 'files.upload', ...archivistSet],
  counsellor: [...everyone, 'counselling.publish'],
  discipline: [...everyone, 'supervision.read', 'supervision.discipline'],
};

/** Which roles a holder of each role may grant (always on nodes inside their own scope). */
export const ASSIGNABLE_ROLES: Record<Role, readonly Role[]> = {
  admin: ROLES,
  command_centre: ROLES.filter((r) => r !== 'admin'),
  official: ROLES.filter((r) => r !== 'admin' && r !== 'command_centre'),
  team_leader: ['volunteer'],
  volunteer: [],
  gate_keeper: [],
  resident: [],
  enterprise: [],
  inspector: [],
  archivist: [],
  counsellor: [],
  discipline: [],
};

export const ROLE_LABELS: Record<Role, { 'zh-CN': string; en: string }> = {
  admin: { 'zh-CN': '系统管理员', en: 'Administrator' },
  command_centre: { 'zh-CN': '指挥部', en: 'Command centre' },
  official: { 'zh-CN': '辖区干部', en: 'Official' },
  team_leader: { 'zh-CN': '志愿队长', en: 'Team leader' },
  volunteer: { 'zh-CN': '志愿者', en: 'Volunteer' },
  gate_keeper: { 'zh-CN': '门岗', en: 'Gate keeper' },
  resident: { 'zh-CN': '居民', en: 'Resident' },
  enterprise: { 'zh-CN': '企业', en: 'Enterprise' },
  inspector: { 'zh-CN': '督查组', en: 'Inspector' },
  archivist: { 'zh-CN': '档案整理组', en: 'Archivist' },
  counsellor: { 'zh-CN': '心理咨询师', en: 'Counsellor' },
  discipline: { 'zh-CN': '纪检监察组', en: 'Discipline inspection' },
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
