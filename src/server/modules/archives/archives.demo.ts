import type { AppContext, DemoDirectory } from '../../core/context.ts';
import { ArchivesRepository } from './archives.repository.ts';
import { ArchivesService } from './archives.service.ts';

const DAY = 24 * 3600_000;

/** A series of the seed's kind of records, filed by the archivist, most published, one draft. */
export async function seedArchives(ctx: AppContext, demo: DemoDirectory): Promise<void> {
  const service = new ArchivesService(ctx, new ArchivesRepository(ctx.db));
  const city = demo.nodeId('2108');
  const actor = {
    id: demo.userId('13800000013'),
    name: '市档案整理组',
    phone: '13800000013',
    locale: 'zh-CN' as const,
    grants: [{ id: 0, role: 'archivist' as const, nodeId: city, nodePath: demo.nodePath('2108') }],
    sessionId: 'demo',
    csrfToken: 'demo',
  };
  const base = { isPublic: false, extent: '', source: '', people: '' };
  const now = Date.now();
  const series = await service.create(
    actor,
    {
      ...base,
      parentId: null,
      level: 'series',
      nodeId: city,
      title: '营口市新冠肺炎疫情防控档案',
      creator: '营口市疫情防控指挥部',
      date: now - 30 * DAY,
      category: '工作方案',
      description: '全市疫情防控工作形成的文件、照片和音视频资料。',
      extent: '3 卷',
    },
    'demo',
  );
  const files = [
    { title: '指挥部命令与通知', category: '命令通知' },
    { title: '一线工作照片', category: '一线工作照片' },
    { title: '志愿服务与捐赠', category: '志愿者档案' },
  ];
  const items = [
    [
      '关于全市小区实行封闭管理的通告',
      '命令通知',
      '210802',
      '全市所有小区实行封闭管理，一门出入，测温登记，口罩佩戴。',
    ],
    ['团甸镇卡点消杀工作记录', '卡点值守', '210881117', '团甸镇各卡点每日两次消杀，志愿者轮班值守。'],
    [
      '贾屯村入户排查照片',
      '一线工作照片',
      '210881117207',
      '村干部与志愿者入户排查返乡人员，发放口罩和宣传单。',
    ],
    ['蓝天救援队公共区域消杀', '一线工作照片', '210881', '蓝天救援队对盖州市火车站、汽车站进行消杀作业。'],
    ['爱心企业捐赠口罩十万只', '捐赠物资', '210804', '鲅鱼圈区企业捐赠医用口罩十万只，已分配至各社区卡点。'],
    ['五大门社区志愿者名册', '志愿者档案', '210802001003', '社区志愿者 46 人，分四班值守小区出入口。'],
  ] as const;
  const created = [];
  for (const [i, f] of files.entries()) {
    const file = await service.create(
      actor,
      {
        ...base,
        parentId: series.id,
        level: 'file',
        nodeId: city,
        title: f.title,
        creator: '营口市疫情防控指挥部',
        date: now - (20 - i) * DAY,
        category: f.category,
        description: '',
      },
      'demo',
    );
    created.push(file);
  }
  for (const [i, [title, category, code, description]] of items.entries()) {
    const item = await service.create(
      actor,
      {
        ...base,
        parentId: created[i % created.length]!.id,
        level: 'item',
        nodeId: demo.nodeId(code),
        title,
        creator: '市档案整理组',
        date: now - (7 - i) * DAY,
        category,
        description,
        extent: '1 件',
      },
      'demo',
    );
    if (i < items.length - 1) await service.publish(actor, item.id, 'demo');
  }
  await service.publish(actor, series.id, 'demo');
  for (const f of created) await service.publish(actor, f.id, 'demo');
}
