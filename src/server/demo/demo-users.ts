import type { Role } from '../../contracts/permissions.ts';

/** One password for every demo account, printed at start; change it before real use. */
export const DEMO_PASSWORD = 'Xinghuo2020';

export interface DemoUser {
  phone: string;
  name: string;
  role: Role;
  /** Division code of the node the grant is on. */
  node: string;
}

/** Demo accounts across the real tree: 盖州市 → 团甸镇 → 贾屯村 is the seed's village chain. */
export const DEMO_USERS: DemoUser[] = [
  { phone: '13800000000', name: '系统管理员', role: 'admin', node: '2108' },
  { phone: '13800000001', name: '市指挥部值班员', role: 'command_centre', node: '2108' },
  { phone: '13800000002', name: '盖州市干部', role: 'official', node: '210881' },
  { phone: '13800000003', name: '团甸镇干部', role: 'official', node: '210881117' },
  { phone: '13800000004', name: '贾屯村干部', role: 'official', node: '210881117207' },
  { phone: '13800000005', name: '贾屯村志愿者', role: 'volunteer', node: '210881117207' },
  { phone: '13800000006', name: '站前区干部', role: 'official', node: '210802' },
  { phone: '13800000007', name: '站前区志愿者', role: 'volunteer', node: '210802' },
  { phone: '13800000008', name: '蓝天救援队队长', role: 'team_leader', node: '210881' },
  { phone: '13800000009', name: '贾屯村门岗', role: 'gate_keeper', node: '210881117207' },
  { phone: '13800000010', name: '贾屯村居民', role: 'resident', node: '210881117207' },
  { phone: '13800000011', name: '鲅鱼圈区企业', role: 'enterprise', node: '210804' },
  { phone: '13800000012', name: '市督查组', role: 'inspector', node: '2108' },
  { phone: '13800000013', name: '市档案整理组', role: 'archivist', node: '2108' },
  { phone: '13800000014', name: '心理咨询师', role: 'counsellor', node: '2108' },
  // Liaisons (包联人) of medical workers' families, and one family's own account.
  { phone: '13800000030', name: '贾屯村家属联络员', role: 'volunteer', node: '210881117207' },
  { phone: '13800000031', name: '五大门社区家属联络员', role: 'volunteer', node: '210802001003' },
  { phone: '13800000032', name: '援鄂队员家属', role: 'resident', node: '210881117207' },
  { phone: '13800000015', name: '市纪检监察组', role: 'discipline', node: '2108' },
  { phone: '13800000016', name: '市督查组二组', role: 'inspector', node: '2108' },
  { phone: '13800000017', name: '市督查组三组', role: 'inspector', node: '2108' },
];
