import { z } from 'zod';
import { phoneSchema, purposeSchema } from './common.ts';
import type { Role } from './permissions.ts';

/* ───────────────────────── ID numbers (GB 11643-1999) ───────────────────────── */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character of the first 17 digits: ISO 7064 MOD 11-2 as GB 11643 specifies it. */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/**
 * An 18-character resident ID number: province code 11–82, a real birth date between 1900 and
 * today, and the right check character (an upper-case X stands for 10; a lower-case x is accepted
 * and normalised by the schema).
 */
export function isValidIdNumber(value: string, today = new Date()): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const province = Number(value.slice(0, 2));
  if (province < 11 || province > 82) return false;
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (
    year < 1900 ||
    birth.getUTCFullYear() !== year ||
    birth.getUTCMonth() !== month - 1 ||
    birth.getUTCDate() !== day ||
    birth.getTime() > today.getTime()
  ) {
    return false;
  }
  return idCheckDigit(value.slice(0, 17)) === value[17];
}

export const idNumberSchema = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine((v) => isValidIdNumber(v), { message: 'ID_NUMBER_FORMAT' });

/* ───────────────────────── members, audiences, team types ───────────────────────── */

/** Who can be a recipient. Each is one bit, so an audience is a bit mask stored as an integer. */
export const MEMBER_KINDS = ['volunteer', 'team_leader', 'official', 'resident'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];
export const KIND_BIT: Record<MemberKind, number> = {
  volunteer: 1,
  team_leader: 2,
  official: 4,
  resident: 8,
};
export const ALL_KINDS_MASK = 15;

/** Which member kind a role makes its holder; roles outside the alliance receive nothing. */
export function memberKindOf(role: Role): MemberKind | null {
  switch (role) {
    case 'volunteer':
      return 'volunteer';
    case 'team_leader':
      return 'team_leader';
    case 'official':
    case 'command_centre':
    case 'admin':
      return 'official';
    case 'resident':
      return 'resident';
    default:
      return null;
  }
}

export const AUDIENCES = ['volunteers', 'team_leaders', 'officials', 'residents', 'everyone'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const AUDIENCE_MASK: Record<Audience, number> = {
  volunteers: KIND_BIT.volunteer,
  team_leaders: KIND_BIT.team_leader,
  officials: KIND_BIT.official,
  residents: KIND_BIT.resident,
  everyone: ALL_KINDS_MASK,
};

export function audienceMask(audience: readonly Audience[]): number {
  return audience.reduce((mask, a) => mask | AUDIENCE_MASK[a], 0);
}

export function audienceFromMask(mask: number): Audience[] {
  if (mask === ALL_KINDS_MASK) return ['everyone'];
  return AUDIENCES.filter((a) => a !== 'everyone' && (mask & AUDIENCE_MASK[a]) !== 0);
}

export const TEAM_TYPES = ['rescue', 'charity', 'party', 'agency', 'enterprise', 'student', 'other'] as const;
export type TeamType = (typeof TEAM_TYPES)[number];
export const teamTypeSchema = z.enum(TEAM_TYPES);

export function teamTypeBit(type: TeamType): number {
  return 1 << TEAM_TYPES.indexOf(type);
}

export function teamMaskOf(types: readonly TeamType[]): number {
  return types.reduce((mask, t) => mask | teamTypeBit(t), 0);
}

export function teamTypesFromMask(mask: number): TeamType[] {
  return TEAM_TYPES.filter((t) => (mask & teamTypeBit(t)) !== 0);
}

/* ───────────────────────── teams and volunteers ───────────────────────── */

const skillsSchema = z.array(z.string().trim().min(1).max(20)).max(20);

export const createTeamBodySchema = z.strictObject({
  nodeId: z.number().int().positive(),
  name: z.string().trim().min(1).max(60),
  type: teamTypeSchema,
  leaderUserId: z.number().int().positive().nullable().default(null),
  skills: skillsSchema.default([]),
});
export type CreateTeamBody = z.infer<typeof createTeamBodySchema>;

export const updateTeamBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(60).optional(),
  status: z.enum(['active', 'paused', 'disbanded']).optional(),
  leaderUserId: z.number().int().positive().nullable().optional(),
  skills: skillsSchema.optional(),
});

export const teamSchema = z.object({
  id: z.number().int(),
  nodeId: z.number().int(),
  nodeName: z.string(),
  nodePath: z.string(),
  name: z.string(),
  type: teamTypeSchema,
  leaderUserId: z.number().int().nullable(),
  leaderName: z.string().nullable(),
  status: z.enum(['active', 'paused', 'disbanded']),
  skills: z.array(z.string()),
  memberCount: z.number().int(),
  createdAt: z.number().int(),
});
export type Team = z.infer<typeof teamSchema>;

export const listTeamsQuerySchema = z.strictObject({
  nodeId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(40).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** Public: who may sign up where. Only names and ids, no personal data. */
export const publicTeamSchema = z.object({ id: z.number().int(), name: z.string(), type: teamTypeSchema });
export const publicTeamsQuerySchema = z.strictObject({ nodeId: z.coerce.number().int().positive() });

/** Public: communities and villages to pick as a home, by name or pinyin initials. */
export const publicCommunitiesQuerySchema = z.strictObject({ q: z.string().trim().min(1).max(40) });
export const publicCommunitySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  parents: z.string(),
});

export const AVAILABILITY = ['weekdays', 'weekends', 'evenings', 'anytime'] as const;

/** The pledge (志愿书) a volunteer confirms by typing their own name. */
export const PLEDGE_TEXT = {
  'zh-CN':
    '我自愿加入志愿者队伍，服从指挥部和所在辖区的统一调度，遵守防疫规定，做好个人防护，不传谣、不信谣，保护群众隐私。',
  en: 'I volunteer of my own free will; I follow the command centre and my jurisdiction, keep the prevention rules, protect myself, spread no rumours and protect residents’ privacy.',
} as const;

export const signupBodySchema = z
  .strictObject({
    name: z.string().trim().min(2).max(30),
    phone: phoneSchema,
    idNumber: idNumberSchema,
    password: z
      .string()
      .min(8, { message: 'PASSWORD_WEAK' })
      .max(128)
      .regex(/[A-Za-z]/, { message: 'PASSWORD_WEAK' })
      .regex(/\d/, { message: 'PASSWORD_WEAK' }),
    skills: skillsSchema.default([]),
    availability: z.enum(AVAILABILITY),
    nodeId: z.number().int().positive(),
    teamId: z.number().int().positive().nullable().default(null),
    pledgeName: z.string().trim().min(1).max(30),
  })
  .refine((b) => b.pledgeName === b.name, { message: 'PLEDGE_NAME_MISMATCH', path: ['pledgeName'] });
export type SignupBody = z.infer<typeof signupBodySchema>;

export const signupReceiptSchema = z.object({ id: z.number().int(), status: z.literal('pending') });

export const signupSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** Masked unless the caller holds personal.read there; the full read is audited. */
  phone: z.string(),
  idNumber: z.string(),
  skills: z.array(z.string()),
  availability: z.enum(AVAILABILITY),
  nodeId: z.number().int(),
  nodeName: z.string(),
  teamId: z.number().int().nullable(),
  teamName: z.string().nullable(),
  status: z.enum(['pending', 'approved', 'rejected']),
  pledgedAt: z.number().int(),
  decidedAt: z.number().int().nullable(),
  reason: z.string().nullable(),
  createdAt: z.number().int(),
});
export type Signup = z.infer<typeof signupSchema>;

export const listSignupsQuerySchema = z.strictObject({
  status: z.enum(['pending', 'approved', 'rejected']).default('pending'),
  nodeId: z.coerce.number().int().positive().optional(),
  unmask: z.enum(['0', '1']).default('0'),
  /** Why the reader unmasks: written to the audit log with the read. */
  purpose: purposeSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const decideSignupBodySchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().trim().max(200).optional(),
});

export const volunteerSchema = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  name: z.string(),
  phone: z.string(),
  idNumber: z.string().nullable(),
  nodeId: z.number().int(),
  nodeName: z.string(),
  nodePath: z.string(),
  teamId: z.number().int().nullable(),
  teamName: z.string().nullable(),
  skills: z.array(z.string()),
  availability: z.string().nullable(),
  source: z.enum(['signup', 'import']),
  pledgedAt: z.number().int().nullable(),
  createdAt: z.number().int(),
});
export type Volunteer = z.infer<typeof volunteerSchema>;

export const listVolunteersQuerySchema = z.strictObject({
  nodeId: z.coerce.number().int().positive().optional(),
  teamId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(40).optional(),
  unmask: z.enum(['0', '1']).default('0'),
  /** Why the reader unmasks: written to the audit log with the read. */
  purpose: purposeSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const exportVolunteersQuerySchema = z.strictObject({
  nodeId: z.coerce.number().int().positive().optional(),
  teamId: z.coerce.number().int().positive().optional(),
  unmask: z.enum(['0', '1']).default('0'),
  /** Why the reader unmasks: written to the audit log with the read. */
  purpose: purposeSchema.optional(),
});

/** The columns of a roster workbook, in order; headers are bilingual so either language imports. */
export const ROSTER_COLUMNS = ['name', 'phone', 'nodeCode', 'team', 'idNumber'] as const;
export const ROSTER_HEADERS: Record<(typeof ROSTER_COLUMNS)[number], string> = {
  name: '姓名 Name',
  phone: '手机 Phone',
  nodeCode: '区划代码 Node code',
  team: '队伍 Team',
  idNumber: '身份证号 ID number',
};

export const importReportSchema = z.object({
  imported: z.number().int(),
  failed: z.number().int(),
  rows: z.array(
    z.object({
      row: z.number().int(),
      ok: z.boolean(),
      name: z.string(),
      code: z.string().nullable(),
      message: z.string().nullable(),
    }),
  ),
});
export type ImportReport = z.infer<typeof importReportSchema>;

/* ───────────────────────── group matrix ───────────────────────── */

export const GROUP_CHANNELS = ['none', 'wecom', 'dingtalk'] as const;
export type GroupChannel = (typeof GROUP_CHANNELS)[number];

export const WECOM_URL_PREFIX = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=';
export const DINGTALK_URL_PREFIX = 'https://oapi.dingtalk.com/robot/send?access_token=';

export const createGroupBodySchema = z
  .strictObject({
    nodeId: z.number().int().positive(),
    name: z.string().trim().min(1).max(60),
    ownerUserId: z.number().int().positive(),
    memberCount: z.number().int().min(0).max(100_000),
    channel: z.enum(GROUP_CHANNELS),
    webhookUrl: z.string().trim().max(500).nullable().default(null),
    /** DingTalk "sign" security setting: the SEC… secret. */
    secret: z.string().trim().max(200).nullable().default(null),
  })
  .superRefine((b, ctx) => {
    const prefix =
      b.channel === 'wecom' ? WECOM_URL_PREFIX : b.channel === 'dingtalk' ? DINGTALK_URL_PREFIX : null;
    if (prefix && !(b.webhookUrl?.startsWith(prefix) && b.webhookUrl.length > prefix.length)) {
      ctx.addIssue({ code: 'custom', message: 'ROBOT_URL_INVALID', path: ['webhookUrl'] });
    }
    if (!prefix && b.webhookUrl) {
      ctx.addIssue({ code: 'custom', message: 'ROBOT_URL_INVALID', path: ['webhookUrl'] });
    }
  });
export type CreateGroupBody = z.infer<typeof createGroupBodySchema>;

export const groupSchema = z.object({
  id: z.number().int(),
  nodeId: z.number().int(),
  nodeName: z.string(),
  nodePath: z.string(),
  name: z.string(),
  ownerUserId: z.number().int(),
  ownerName: z.string(),
  memberCount: z.number().int(),
  channel: z.enum(GROUP_CHANNELS),
  /** Robot URLs carry their key: only the host is shown. */
  webhookHost: z.string().nullable(),
  createdAt: z.number().int(),
});
export type Group = z.infer<typeof groupSchema>;

export const matrixQuerySchema = z.strictObject({ nodeId: z.coerce.number().int().positive().optional() });

export const matrixRowSchema = z.object({
  nodeId: z.number().int(),
  nodeName: z.string(),
  nodePath: z.string(),
  nodeKind: z.string(),
  groups: z.number().int(),
  owners: z.number().int(),
  reach: z.number().int(),
  robots: z.number().int(),
});
export const matrixSchema = z.object({
  node: matrixRowSchema,
  /** One row per child node, totals over its subtree. */
  children: z.array(matrixRowSchema),
  /** The groups attached to the node itself. */
  groups: z.array(groupSchema),
});
export type Matrix = z.infer<typeof matrixSchema>;

/* ───────────────────────── broadcasts ───────────────────────── */

export const BROADCAST_KINDS = ['release', 'knowledge', 'refutation', 'order', 'dispatch'] as const;
export type BroadcastKind = (typeof BROADCAST_KINDS)[number];
/** Kinds the public may read without signing in. */
export const PUBLIC_KINDS: readonly BroadcastKind[] = ['release', 'refutation'];
export const PRIORITIES = ['normal', 'high', 'urgent'] as const;

export const createBroadcastBodySchema = z
  .strictObject({
    kind: z.enum(BROADCAST_KINDS),
    title: z.string().trim().min(1).max(120),
    body: z.string().max(20_000),
    /** The rumour a refutation answers, quoted. */
    rumour: z.string().trim().min(1).max(500).nullable().default(null),
    priority: z.enum(PRIORITIES).default('normal'),
    ackRequired: z.boolean().default(false),
    targetNodeIds: z.array(z.number().int().positive()).min(1).max(50),
    audience: z.array(z.enum(AUDIENCES)).min(1).max(5),
    teamTypes: z.array(teamTypeSchema).max(TEAM_TYPES.length).default([]),
    /** false keeps a draft to attach files to; publish it with POST /api/broadcasts/:id/publish. */
    publish: z.boolean().default(true),
  })
  .refine((b) => b.kind !== 'refutation' || b.rumour !== null, {
    message: 'RUMOUR_REQUIRED',
    path: ['rumour'],
  });
export type CreateBroadcastBody = z.infer<typeof createBroadcastBodySchema>;

const broadcastCore = {
  id: z.number().int(),
  kind: z.enum(BROADCAST_KINDS),
  title: z.string(),
  bodyHtml: z.string(),
  rumour: z.string().nullable(),
  priority: z.enum(PRIORITIES),
  ackRequired: z.boolean(),
  senderName: z.string(),
  publishedAt: z.number().int().nullable(),
};

export const broadcastSchema = z.object({
  ...broadcastCore,
  body: z.string(),
  status: z.enum(['draft', 'published']),
  audience: z.array(z.enum(AUDIENCES)),
  teamTypes: z.array(teamTypeSchema),
  targets: z.array(z.object({ nodeId: z.number().int(), nodeName: z.string(), nodePath: z.string() })),
  createdAt: z.number().int(),
});
export type Broadcast = z.infer<typeof broadcastSchema>;

export const inboxItemSchema = z.object({
  ...broadcastCore,
  readAt: z.number().int().nullable(),
  ackedAt: z.number().int().nullable(),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;

export const inboxQuerySchema = z.strictObject({
  /** Older than this broadcast id (keyset paging). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const inboxSchema = z.object({ items: z.array(inboxItemSchema), unread: z.number().int() });

export const receiptSchema = z.object({
  broadcastId: z.number().int(),
  readAt: z.number().int().nullable(),
  ackedAt: z.number().int().nullable(),
});

export const sentQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const LEVELS = ['city', 'county', 'street', 'village'] as const;
export type Level = (typeof LEVELS)[number];

const reachCounts = {
  targeted: z.number().int(),
  delivered: z.number().int(),
  read: z.number().int(),
  acked: z.number().int(),
  groups: z.number().int(),
  relayed: z.number().int(),
  groupReach: z.number().int(),
};

export const reachQuerySchema = z.strictObject({
  /** Drill down: the per-node rows are the children of this node (default: the targets). */
  nodeId: z.coerce.number().int().positive().optional(),
});

export const reachSchema = z.object({
  broadcastId: z.number().int(),
  publishedAt: z.number().int(),
  asOf: z.number().int(),
  totals: z.object(reachCounts),
  levels: z.array(
    z.object({
      level: z.enum(LEVELS),
      ...reachCounts,
      /** Milliseconds from publishing until half / nine tenths of this level's targeted members read. */
      msTo50: z.number().int().nullable(),
      msTo90: z.number().int().nullable(),
      /** Median milliseconds from publishing until a group at this level was relayed. */
      relayLatencyMs: z.number().int().nullable(),
    }),
  ),
  nodes: z.array(
    z.object({ nodeId: z.number().int(), nodeName: z.string(), nodePath: z.string(), ...reachCounts }),
  ),
  /** Cumulative reads and acknowledgements per minute since publishing. */
  timeline: z.array(z.object({ minute: z.number().int(), read: z.number().int(), acked: z.number().int() })),
});
export type Reach = z.infer<typeof reachSchema>;

export const relayTaskSchema = z.object({
  broadcastId: z.number().int(),
  groupId: z.number().int(),
  groupName: z.string(),
  title: z.string(),
  kind: z.enum(BROADCAST_KINDS),
  priority: z.enum(PRIORITIES),
  /** Plain text ready to paste into the chat group. */
  copyText: z.string(),
  publishedAt: z.number().int(),
});
export const relayBodySchema = z.strictObject({ groupId: z.number().int().positive() });

export const deliverySchema = z.object({
  id: z.number().int(),
  groupId: z.number().int(),
  groupName: z.string(),
  channel: z.enum(GROUP_CHANNELS),
  status: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  updatedAt: z.number().int(),
});

export const publicBroadcastSchema = z.object(broadcastCore);
export type PublicBroadcast = z.infer<typeof publicBroadcastSchema>;
export const publicBroadcastsQuerySchema = z.strictObject({
  kind: z.enum(['release', 'refutation']).optional(),
  q: z.string().trim().max(40).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});
