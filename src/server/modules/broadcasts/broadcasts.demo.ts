import type { CreateBroadcastBody } from '../../../contracts/alliance.ts';
import type { Actor } from '../../core/access/index.ts';
import type { DemoDirectory } from '../../core/context.ts';
import type { BroadcastsService } from './broadcasts.service.ts';

const DEMO: Array<{
  sender: string;
  role: 'command_centre' | 'official';
  node: string;
  body: Omit<CreateBroadcastBody, 'targetNodeIds'>;
  targets: string[];
}> = [
  {
    sender: '13800000001',
    role: 'command_centre',
    node: '2108',
    targets: ['2108'],
    body: {
      kind: 'release',
      title: '营口市新型冠状病毒感染的肺炎疫情防控指挥部通告（第 1 号）',
      body: '全市各小区实行**封闭管理**，一人一证、一车一证。\n\n- 出入登记、测量体温\n- 外来人员一律劝返\n\n详情见[营口市政府网站](https://www.yingkou.gov.cn/)。',
      rumour: null,
      priority: 'urgent',
      ackRequired: true,
      audience: ['everyone'],
      teamTypes: [],
      publish: true,
    },
  },
  {
    sender: '13800000002',
    role: 'official',
    node: '210881',
    targets: ['210881117'],
    body: {
      kind: 'refutation',
      title: '“团甸镇封村断路”系谣言',
      body: '团甸镇各村道路**正常通行**，卡点只做登记和测温。请勿转发未经核实的消息。',
      rumour: '团甸镇明天起封村断路，不许任何车辆进出',
      priority: 'high',
      ackRequired: false,
      audience: ['everyone'],
      teamTypes: [],
      publish: true,
    },
  },
  {
    sender: '13800000002',
    role: 'official',
    node: '210881',
    targets: ['210881'],
    body: {
      kind: 'dispatch',
      title: '蓝天救援队明日 8:00 集合开展公共区域消杀',
      body: '集合地点：盖州市政府广场。请携带防护服和喷壶，完成后在平台上报。',
      rumour: null,
      priority: 'normal',
      ackRequired: true,
      audience: ['volunteers', 'team_leaders'],
      teamTypes: ['rescue'],
      publish: true,
    },
  },
];

export async function seedBroadcasts(service: BroadcastsService, demo: DemoDirectory): Promise<void> {
  if (await service.anyPublished()) return;
  for (const item of DEMO) {
    const actor: Actor = {
      id: demo.userId(item.sender),
      name: item.role === 'command_centre' ? '市指挥部值班员' : '盖州市干部',
      phone: item.sender,
      locale: 'zh-CN',
      grants: [
        { id: 0, role: item.role, nodeId: demo.nodeId(item.node), nodePath: demo.nodePath(item.node) },
      ],
      sessionId: 'demo',
      csrfToken: 'demo',
    };
    await service.create(
      actor,
      { ...item.body, targetNodeIds: item.targets.map((c) => demo.nodeId(c)) },
      undefined,
      'demo',
    );
  }
}
