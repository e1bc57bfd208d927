import type { Locale } from './common.ts';

/**
 * Every stable error code the API returns, with its text in each UI language. Parameters in
 * braces are filled from the error's params. The web client shows `message` from the response,
 * so these are the only user-facing error texts.
 */
export const MESSAGES = {
  VALIDATION: { 'zh-CN': '提交的内容有误，请检查标出的字段', en: 'Some fields are not valid' },
  PHONE_FORMAT: {
    'zh-CN': '手机号应为 11 位数字，以 1 开头',
    en: 'A phone number has 11 digits and starts with 1',
  },
  ID_NUMBER_FORMAT: {
    'zh-CN': '身份证号格式或校验位错误',
    en: 'The ID number is malformed or its check digit is wrong',
  },
  PASSWORD_WEAK: {
    'zh-CN': '密码至少 8 位，且同时包含字母和数字',
    en: 'A password has at least 8 characters with both letters and digits',
  },
  NOT_FOUND: { 'zh-CN': '未找到该记录，或您无权查看', en: 'Not found, or not yours to see' },
  ROUTE_NOT_FOUND: { 'zh-CN': '接口不存在', en: 'No such endpoint' },
  UNAUTHENTICATED: { 'zh-CN': '请先登录', en: 'Please sign in' },
  FORBIDDEN: { 'zh-CN': '您的角色无权执行此操作', en: 'Your role may not do this' },
  OUT_OF_SCOPE: { 'zh-CN': '目标不在您的辖区范围内', en: 'The target is outside your jurisdiction' },
  CSRF: { 'zh-CN': '请求校验失败，请刷新页面后重试', en: 'Request check failed; reload the page and retry' },
  INVALID_CREDENTIALS: { 'zh-CN': '手机号或密码错误', en: 'Wrong phone number or password' },
  ACCOUNT_LOCKED: {
    'zh-CN': '连续登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试',
    en: 'Too many failed sign-ins; the account is locked for {minutes} minutes',
  },
  ACCOUNT_DISABLED: { 'zh-CN': '账号已停用', en: 'This account is disabled' },
  RATE_LIMITED: { 'zh-CN': '操作过于频繁，请稍后再试', en: 'Too many requests; try again shortly' },
  WRONG_PASSWORD: { 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
  PHONE_TAKEN: { 'zh-CN': '该手机号已注册', en: 'This phone number is already registered' },
  ROLE_NOT_ASSIGNABLE: { 'zh-CN': '您不能授予该角色', en: 'You may not grant this role' },
  USER_NOT_MANAGEABLE: {
    'zh-CN': '该账号持有您无权授予的角色或辖区外的授权，只能由上级处理；本人账号请在个人设置中修改',
    en: 'This account holds a role or a grant beyond what you may give; a higher official must act on it, and your own account is changed in your settings',
  },
  GRANT_EXISTS: { 'zh-CN': '该授权已存在', en: 'This grant exists already' },
  NODE_KIND_NOT_ALLOWED: {
    'zh-CN': '只能在社区（村）及其下级节点下添加小区、卡点等节点',
    en: 'Compounds, checkpoints and the like go below a community or village only',
  },
  NODE_NOT_EMPTY: {
    'zh-CN': '该节点下仍有下级节点或记录，不能删除',
    en: 'The node still has children or records',
  },
  NODE_NOT_CUSTOM: {
    'zh-CN': '行政区划节点不能修改或删除',
    en: 'Official divisions cannot be changed or deleted',
  },
  NAME_TAKEN: { 'zh-CN': '同级下已有同名节点', en: 'A sibling has this name already' },
  BODY_TOO_LARGE: { 'zh-CN': '提交的内容过大', en: 'The request body is too large' },
  MALFORMED_BODY: { 'zh-CN': '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' },
  FILE_EMPTY: { 'zh-CN': '文件为空', en: 'The file is empty' },
  FILE_TOO_LARGE: { 'zh-CN': '文件超过大小限制（{limit}）', en: 'The file is over the size limit ({limit})' },
  FILE_TYPE_MISMATCH: {
    'zh-CN': '文件内容与扩展名不符，或不是允许的类型',
    en: 'The file content does not match its name, or its type is not allowed',
  },
  TEXT_UNSTORABLE: {
    'zh-CN': '文本中含有无法保存的字符（空字符或不成对的代理项）',
    en: 'The text holds a character that cannot be stored (NUL or an unpaired surrogate)',
  },
  MALFORMED_UPLOAD: {
    'zh-CN': '上传内容不完整或不是有效的表单文件，请重新选择文件上传',
    en: 'The upload is cut off or not a valid multipart form; choose the file and upload again',
  },
  FILE_MISSING: { 'zh-CN': '请求中没有文件', en: 'No file in the request' },
  WEBHOOK_INACTIVE: { 'zh-CN': '该 Webhook 已停用', en: 'This webhook is deactivated' },
  DELIVERY_NOT_DEAD: {
    'zh-CN': '只有已放弃的投递才能重试',
    en: 'Only a delivery that was given up can be retried',
  },
  IDEMPOTENCY_CONFLICT: {
    'zh-CN': '该幂等键已用于另一内容不同的请求',
    en: 'This idempotency key was used for a different request',
  },
  PLEDGE_NAME_MISMATCH: {
    'zh-CN': '请在志愿书下方输入与姓名一致的签名',
    en: 'Sign the pledge by typing the same name as above',
  },
  SIGNUP_DUPLICATE: {
    'zh-CN': '该手机号或身份证号已报名或已是志愿者',
    en: 'This phone or ID number has signed up already or belongs to a volunteer',
  },
  SIGNUP_DECIDED: { 'zh-CN': '该报名已处理', en: 'This sign-up has been decided already' },
  TEAM_NAME_TAKEN: { 'zh-CN': '该辖区已有同名队伍', en: 'A team with this name exists here already' },
  ROBOT_URL_INVALID: {
    'zh-CN': '机器人地址应为企业微信或钉钉群机器人的 Webhook 地址',
    en: 'The robot address must be a WeCom or DingTalk group robot webhook',
  },
  RUMOUR_REQUIRED: { 'zh-CN': '辟谣须写明所辟的谣言', en: 'A refutation must quote the rumour it refutes' },
  BROADCAST_NOT_DRAFT: { 'zh-CN': '该通知已发布', en: 'This broadcast is published already' },
  NOT_GROUP_OWNER: { 'zh-CN': '只有群主可以标记转发', en: 'Only the group owner marks a relay' },
  ROSTER_FILE_INVALID: {
    'zh-CN': '无法读取该 Excel 文件，请使用导出的模板（.xlsx）',
    en: 'The Excel file cannot be read; use the exported template (.xlsx)',
  },
  ROSTER_NAME_REQUIRED: { 'zh-CN': '姓名为空', en: 'The name is empty' },
  ROSTER_NODE_UNKNOWN: {
    'zh-CN': '区划代码不存在或不在您的辖区',
    en: 'The node code does not exist or is outside your jurisdiction',
  },
  ROSTER_TEAM_UNKNOWN: { 'zh-CN': '该辖区内没有此队伍', en: 'No such team in this jurisdiction' },
  ROSTER_DUPLICATE_IN_FILE: {
    'zh-CN': '手机号在文件中重复出现',
    en: 'The phone number appears twice in the file',
  },
  ROSTER_VOLUNTEER_EXISTS: {
    'zh-CN': '该手机号或身份证号已是志愿者',
    en: 'This phone or ID number belongs to a volunteer already',
  },
  CONFLICT: { 'zh-CN': '数据已被他人修改，请刷新后重试', en: 'Changed by someone else; reload and retry' },
  REQUEST_TIMEOUT: { 'zh-CN': '请求超时', en: 'The request timed out' },
  SERVICE_UNAVAILABLE: { 'zh-CN': '服务正在停止或暂不可用', en: 'The service is stopping or unavailable' },
  PLATE_FORMAT: { 'zh-CN': '车牌号格式错误', en: 'The number plate is not valid' },
  NOT_A_COMPOUND: { 'zh-CN': '该节点不是小区', en: 'This node is not a compound' },
  BUILDING_EXISTS: { 'zh-CN': '该楼栋已存在', en: 'This building exists already' },
  UNKNOWN_BUILDING: { 'zh-CN': '小区中没有该楼栋', en: 'The compound has no such building' },
  HOUSEHOLD_EXISTS: { 'zh-CN': '该房屋已登记', en: 'This household is registered already' },
  DUPLICATE_PERSON: {
    'zh-CN': '该身份证号的居民已登记',
    en: 'A resident with this ID number is registered already',
  },
  DUPLICATE_VEHICLE: { 'zh-CN': '该车辆已登记', en: 'This vehicle is registered already' },
  MISSING_FIELD: { 'zh-CN': '必填项为空', en: 'A required field is empty' },
  BAD_RELATION: { 'zh-CN': '与户主关系填写有误', en: 'The relation to the head is not valid' },
  IMPORT_BAD_HEADER: {
    'zh-CN': '表头应为：{columns}',
    en: 'The header row must be: {columns}',
  },
  PASS_EXISTS: { 'zh-CN': '已有有效通行证', en: 'A valid pass exists already' },
  PASS_NOT_ACTIVE: { 'zh-CN': '该通行证已失效', en: 'This pass is no longer valid' },
  PASS_HOLDER_INACTIVE: {
    'zh-CN': '居民已迁出，不能发证',
    en: 'The resident has moved out; no pass is issued',
  },
  PASS_NO_KEY: { 'zh-CN': '没有可用的签名密钥', en: 'No signing key is active' },
  PASS_KEY_ACTIVE: {
    'zh-CN': '正在使用的签名密钥不能停用，请先轮换',
    en: 'The signing key in use cannot be retired; rotate first',
  },
  PASS_OK: { 'zh-CN': '通行证有效，准予通行', en: 'Valid pass' },
  PASS_MALFORMED: { 'zh-CN': '不是本系统的通行码', en: 'Not a Xinghuo pass code' },
  PASS_UNKNOWN_KEY: { 'zh-CN': '签名密钥未知，疑似伪造', en: 'Unknown signing key: likely forged' },
  PASS_RETIRED_KEY: {
    'zh-CN': '签名密钥已停用，请换发新证',
    en: 'Signed with a retired key; renew the pass',
  },
  PASS_FORGED: { 'zh-CN': '签名无效，伪造的通行证', en: 'Invalid signature: forged pass' },
  PASS_TAMPERED: { 'zh-CN': '通行证内容被篡改', en: 'The pass was altered' },
  PASS_REVOKED: { 'zh-CN': '通行证已吊销', en: 'The pass was revoked' },
  PASS_REPLACED: {
    'zh-CN': '此证已换发，请出示新证',
    en: 'This pass was replaced by a new one: ask for the new pass',
  },
  PASS_EXPIRED: { 'zh-CN': '通行证已过期', en: 'The pass has expired' },
  PASS_NOT_YET_VALID: { 'zh-CN': '通行证尚未生效', en: 'The pass is not valid yet' },
  PASS_WRONG_COMPOUND: { 'zh-CN': '非本小区通行证', en: 'A pass of another compound' },
  PASS_WRONG_LANE: {
    'zh-CN': '通道不符（人员证与车辆证不能混用）',
    en: 'Wrong lane: person and vehicle passes are not interchangeable',
  },
  PASS_QUOTA_USED: {
    'zh-CN': '本户外出次数已用完',
    en: "The household's outing quota is used up",
  },
  TEMPERATURE_RANGE: {
    'zh-CN': '体温应在 34.0–42.5 °C 之间',
    en: 'The temperature must be 34.0–42.5 °C',
  },
  PURPOSE_REQUIRED: {
    'zh-CN': '查看完整个人信息须填写用途，将记入审计日志',
    en: 'Say why you need the full personal data; it is written to the audit log',
  },
  GATE_UNKNOWN: { 'zh-CN': '本小区没有名为“{gate}”的门岗', en: 'This compound has no gate named “{gate}”' },
  GATE_LANE_UNKNOWN: {
    'zh-CN': '门岗“{gate}”没有该通道',
    en: 'Gate “{gate}” has no such lane',
  },
  TEMPERATURE_PRECISION: {
    'zh-CN': '体温最多保留两位小数',
    en: 'A temperature has at most two decimals',
  },
  FEVER_CLOSED: { 'zh-CN': '该发热事件已处置', en: 'This fever alert is closed already' },
  INTERNAL: {
    'zh-CN': '服务器内部错误，请联系管理员并提供请求编号',
    en: 'Internal error; quote the request id',
  },
  CHRONICLE_FROZEN: {
    'zh-CN': '该期大事记已审定，不能修改；如需更正请提交勘误',
    en: 'This chronicle entry is approved and frozen; submit an erratum to correct it',
  },
  CHRONICLE_NOT_APPROVED: {
    'zh-CN': '只能对已审定的最新版本提交勘误',
    en: 'Only the latest approved version can be corrected by an erratum',
  },
  CHRONICLE_ERRATUM_OPEN: {
    'zh-CN': '该期已有待审定的勘误',
    en: 'An erratum of this entry is awaiting approval already',
  },
  ARCHIVE_PARENT_LEVEL: {
    'zh-CN': '层级不符：案卷须属于全宗（系列），文件须属于案卷或系列',
    en: 'Wrong level: a file belongs to a series, an item to a file or a series',
  },
  ARCHIVE_CATEGORY_UNKNOWN: { 'zh-CN': '未知的档案类别', en: 'Unknown archive category' },
  ARCHIVE_PUBLISHED: { 'zh-CN': '该档案已发布', en: 'This record is published already' },
  EMERGENCY_ALREADY_PURGED: {
    'zh-CN': '该辖区的个人信息已按疫情结束清除，结束日期不能再更改',
    en: "This node's personal data was already purged for the end of the emergency; the date can no longer change",
  },
  CREDIT_CODE_FORMAT: {
    'zh-CN': '统一社会信用代码应为 18 位，且校验位正确（GB 32100）',
    en: 'A unified social credit code has 18 characters and a valid check character (GB 32100)',
  },
  CREDIT_CODE_TAKEN: { 'zh-CN': '该统一社会信用代码已登记', en: 'This credit code is registered already' },
  ENTERPRISE_EXISTS: {
    'zh-CN': '本账号已登记企业',
    en: 'This account has registered its enterprise already',
  },
  FILING_STATE: {
    'zh-CN': '备案当前状态（{status}）不允许此操作',
    en: 'The filing is {status}; this step is not allowed now',
  },
  FILING_INCOMPLETE: {
    'zh-CN': '材料不全，不能核准：缺少 {documents}',
    en: 'Documents are missing, so it cannot be approved: {documents}',
  },
  FILING_REQUEST_OPEN: {
    'zh-CN': '尚有待企业答复的补正要求，不能核准',
    en: 'A request to the enterprise is still open; it cannot be approved',
  },
  FILING_REPLY_PENDING: {
    'zh-CN': '补正期限（{due}）未到，不能以未答复为由驳回',
    en: 'The reply is due {due}; it cannot be refused for silence before then',
  },
  FILING_DOCUMENT_MISSING: {
    'zh-CN': '请先上传所要求的材料：{document}',
    en: 'Upload the requested document first: {document}',
  },
  FILE_NOT_ATTACHED: {
    'zh-CN': '该文件未上传到此申请下',
    en: 'This file was not uploaded to this application',
  },
  EVIDENCE_DIGEST_MISMATCH: {
    'zh-CN': '证据文件的 SHA-256 摘要与所存文件不符',
    en: "The evidence's SHA-256 digest does not match the stored file",
  },
  CERT_STATE: {
    'zh-CN': '证明当前状态（{status}）不允许此操作',
    en: 'The certificate is {status}; this step is not allowed now',
  },
  CERT_COUNCIL_MISSING: {
    'zh-CN': '须先登记向中国贸促会的报备号，方可出具证明',
    en: 'Record the filing with the national council before issuing',
  },
  CERT_EVIDENCE_MISSING: {
    'zh-CN': '尚无证据材料，不能出具证明',
    en: 'There is no evidence yet; it cannot be issued',
  },
  DATE_ORDER: { 'zh-CN': '结束日期不能早于开始日期', en: 'The end date is before the start date' },
  MONTH_FORMAT: { 'zh-CN': '月份应写作 YYYY-MM，如 2019-03', en: 'A month is written YYYY-MM, e.g. 2019-03' },
  HS_CODE_FORMAT: { 'zh-CN': 'HS 编码应为 6–10 位数字', en: 'An HS code has 6 to 10 digits' },
  SLOT_FULL: { 'zh-CN': '该时段已约满', en: 'This slot is fully booked' },
  SLOT_GREEN_ONLY: {
    'zh-CN': '非工作时间段仅受理防疫物资和鲜活商品（绿色通道）',
    en: 'Outside office hours only relief and fresh goods are taken (green channel)',
  },
  BOOKING_NOTICE: {
    'zh-CN': '须至少提前 {hours} 小时预约',
    en: 'Book at least {hours} hours ahead',
  },
  BOOKING_STATE: {
    'zh-CN': '预约当前状态（{status}）不允许此操作',
    en: 'The appointment is {status}; this step is not allowed now',
  },
  RETURNEE_EXISTS: {
    'zh-CN': '此人该日的返乡登记已存在',
    en: 'This person is already registered as arriving on that day',
  },
  DIVISION_UNKNOWN: {
    'zh-CN': '来源地区划代码不存在（应为 4 位地市代码）',
    en: 'Unknown origin division code (4-digit city code)',
  },
  DAY_FORMAT: { 'zh-CN': '日期格式应为 YYYY-MM-DD', en: 'A date is written YYYY-MM-DD' },
  RETURNEE_STATE: {
    'zh-CN': '当前状态（{status}）下不能执行此操作',
    en: 'Not possible in the current state ({status})',
  },
  END_BEFORE_START: { 'zh-CN': '结束日期不能早于开始日期', en: 'The end cannot be before the start' },
  TEMPERATURE_REQUIRED: {
    'zh-CN': '见到本人时须填写体温',
    en: 'A temperature is required when the person was seen',
  },
  VISIT_RECORDED: {
    'zh-CN': '该次随访已记录，不能覆盖',
    en: 'This visit is recorded already and cannot be overwritten',
  },
  ROOM_FULL: {
    'zh-CN': '该房间已住满，请选择其他房间',
    en: 'This room is full; pick another',
  },
  ROOM_NOT_CENTRAL: {
    'zh-CN': '只有集中隔离的人员才能分配房间',
    en: 'Only a person in central isolation can be given a room',
  },
  ROOM_LABEL_TAKEN: { 'zh-CN': '房间号重复', en: 'A room number appears twice' },
  CONTACT_SELF: { 'zh-CN': '病例不能是自己的密接', en: 'A case cannot be its own contact' },
  SMS_TOO_SOON: {
    'zh-CN': '验证码已发送，请 {retryAfterS} 秒后再试',
    en: 'A code was just sent; try again in {retryAfterS} s',
  },
  SMS_RATE_LIMITED: {
    'zh-CN': '请求验证码过于频繁，请稍后再试',
    en: 'Too many code requests; try again later',
  },
  SMS_CODE_INVALID: {
    'zh-CN': '验证码错误或已过期，请重新获取',
    en: 'The code is wrong or expired; ask for a new one',
  },
  SMS_CODE_FORMAT: { 'zh-CN': '验证码为 6 位数字', en: 'The code is 6 digits' },
  PLACE_UNKNOWN: { 'zh-CN': '请选择所在村（社区）', en: 'Pick your village or community' },
  PERIOD_NOT_OVER: {
    'zh-CN': '隔离期至 {endDay} 结束，尚不能解除',
    en: 'The period runs until {endDay}; release is not yet possible',
  },
  LAST_VISIT_NOT_OK: {
    'zh-CN': '最近一次随访未见本人或有异常，不能解除隔离',
    en: 'The last visit did not find the person well; release is not possible',
  },
  SLOT_TAKEN: {
    'zh-CN': '该时段已被预约，请选择其他时段',
    en: 'This slot has just been booked; pick another',
  },
  SLOT_IN_PAST: { 'zh-CN': '时段须在将来', en: 'A slot must be in the future' },
  BOOKING_CLOSED: {
    'zh-CN': '该预约已取消或已结束',
    en: 'This booking is already cancelled or closed',
  },
  CRISIS_ANSWERED: {
    'zh-CN': '该求助已有咨询师接听',
    en: 'Another counsellor has already answered this request',
  },
  IMPORT_TOO_LARGE: {
    'zh-CN': '表格超过 {max} 行，请拆分后导入',
    en: 'The sheet has more than {max} rows; split it',
  },
  NOT_A_CHECKPOINT: { 'zh-CN': '该节点不是卡点', en: 'This node is not a checkpoint' },
  CHECKPOINT_EXISTS: { 'zh-CN': '该卡点已设置值守要求', en: 'This checkpoint is set up already' },
  CHECKPOINT_CLAIMED: {
    'zh-CN': '该卡点已被其他队伍认领，可申请交接',
    en: 'Another team holds this checkpoint; request a hand-over',
  },
  CHECKPOINT_UNCLAIMED: {
    'zh-CN': '该卡点尚无认领队伍，可直接认领',
    en: 'No team holds this checkpoint; claim it directly',
  },
  CHECKPOINT_YOURS: { 'zh-CN': '该卡点已由您的队伍认领', en: 'Your team holds this checkpoint already' },
  HANDOVER_OPEN: {
    'zh-CN': '该卡点已有待处理的交接申请',
    en: 'A hand-over of this checkpoint is pending already',
  },
  HANDOVER_DECIDED: { 'zh-CN': '该交接申请已处理', en: 'This hand-over was decided already' },
  NOT_TEAM_LEADER: {
    'zh-CN': '只有负责该卡点的队长可以操作',
    en: 'Only the leader of the responsible team may do this',
  },
  NO_TEAM: { 'zh-CN': '您尚未加入志愿队伍', en: 'You are not in a volunteer team' },
  NOT_IN_TEAM: { 'zh-CN': '替班人须是本队志愿者', en: 'A stand-in must be a volunteer of the team' },
  SHIFT_STARTED: { 'zh-CN': '该班次已开始，不能报名', en: 'This shift has started; sign-up is closed' },
  SHIFT_BEYOND_HORIZON: { 'zh-CN': '只能报名 {days} 天内的班次', en: 'Sign-up opens {days} days ahead' },
  SKILL_NOT_NEEDED: { 'zh-CN': '该班次不需要“{skill}”岗位', en: 'This shift needs no "{skill}"' },
  SHIFT_COLLISION: { 'zh-CN': '与您已报名的班次时间冲突', en: 'This overlaps a shift you already hold' },
  SHIFT_RUN_TOO_LONG: {
    'zh-CN': '连续值守不得超过 {hours} 小时，中间须休息至少 {rest} 小时',
    en: 'At most {hours} hours of duty in a row, then at least {rest} hours of rest',
  },
  SHIFT_FULL: {
    'zh-CN': '“{skill}”岗位已满，请选择其他班次',
    en: 'The "{skill}" places are taken; choose another shift',
  },
  SIGN_OUT_TOO_LATE: {
    'zh-CN': '开班前 {hours} 小时内不能自行取消，请联系队长安排替班',
    en: 'Within {hours} hours of the start you cannot sign out; ask your team leader for a stand-in',
  },
  NO_CURRENT_SHIFT: { 'zh-CN': '您现在没有可签到的班次', en: 'You have no shift to check in to now' },
  CHECKIN_CODE_WRONG: {
    'zh-CN': '签到码不正确或已过期，请看卡点现场的签到码',
    en: 'Wrong or expired code; read the code shown at the checkpoint',
  },
  CHECKIN_CODE_FORMAT: { 'zh-CN': '签到码为 6 位数字', en: 'The code has 6 digits' },
  HOURS_FORMAT: { 'zh-CN': '值守时段格式为 08:00-20:00', en: 'Staffed hours look like 08:00-20:00' },
  NEEDS_RANGE: { 'zh-CN': '请填写 1 至 8 个岗位的人数', en: 'Give people needed for 1 to 8 skills' },
  NOT_ON_DUTY: { 'zh-CN': '您当前未在岗', en: 'You are not on duty' },
  WINDOW_ORDER: { 'zh-CN': '截止时间须晚于开始时间', en: 'The end must be after the start' },
  TASK_TAKEN: { 'zh-CN': '该任务已被他人领取', en: 'Someone else has claimed this task' },
  TASK_NOT_YOURS: {
    'zh-CN': '您未领取该任务，或领取已过期',
    en: 'You do not hold this task, or your claim lapsed',
  },
  TASK_KIND_FORMAT: {
    'zh-CN': '任务类型代码应为 2 至 30 位小写字母、数字或下划线，以字母开头',
    en: 'A task kind code has 2 to 30 lowercase letters, digits or underscores, starting with a letter',
  },
  TASK_KIND_UNKNOWN: { 'zh-CN': '没有这种任务类型：{kind}', en: 'No such task kind: {kind}' },
  TASK_SKILL_MISSING: {
    'zh-CN': '领取此类任务须具备技能：{skills}',
    en: 'This kind of task needs the skills: {skills}',
  },
  TASK_PHOTOS_MISSING: {
    'zh-CN': '完成此类任务须上传至少 {needed} 张照片（已收到 {have} 张）',
    en: 'This kind of task needs at least {needed} photos to be done ({have} received)',
  },
  TASK_COUNTS_MISSING: {
    'zh-CN': '完成此类任务须填写：{counts}',
    en: 'This kind of task needs the counts: {counts}',
  },
  REASON_REQUIRED: { 'zh-CN': '请说明无法完成的原因', en: "Say why it can't be done" },
  TASK_BATCH_SIZE: {
    'zh-CN': '一批任务须有 1 至 500 个地点（当前 {count} 个）',
    en: 'A batch needs 1 to 500 places ({count} now)',
  },
  EVIDENCE_UPLOADING: {
    'zh-CN': '这张照片正在上传，请稍后再试',
    en: 'This photo is being uploaded already; try again shortly',
  },
  CLIENT_ID_FORMAT: {
    'zh-CN': '照片编号应为 8 至 64 位字母、数字或连字符',
    en: 'A photo id has 8 to 64 letters, digits or hyphens',
  },
  PRICE_FORMAT: {
    'zh-CN': '金额应为 0 至 1,000,000 元之间的数字',
    en: 'An amount is a number of yuan from 0 to 1,000,000',
  },
  PRICE_DECIMALS: { 'zh-CN': '金额最多两位小数（精确到分）', en: 'An amount has at most two decimals (fen)' },
  QUANTITY_WHOLE: { 'zh-CN': '数量应为整数', en: 'A quantity is a whole number' },
  QUANTITY_POSITIVE: { 'zh-CN': '数量至少为 1', en: 'A quantity is at least 1' },
  QUANTITY_TOO_MANY: { 'zh-CN': '单项数量不能超过 99', en: 'A line has at most 99 units' },
  SHOP_PHONE_FORMAT: { 'zh-CN': '电话应为 7–20 位数字或短横线', en: 'A phone is 7–20 digits or dashes' },
  GROCERY_CYCLE_TIMES: { 'zh-CN': '截单时间应晚于开团时间', en: 'The cycle must close after it opens' },
  GROCERY_NOT_YET_OPEN: {
    'zh-CN': '本期团购尚未开始，{opensAt} 开团',
    en: 'This cycle has not opened yet; it opens at {opensAt}',
  },
  GROCERY_CLOSED_TIME: { 'zh-CN': '本期团购已于 {closedAt} 截单', en: 'This cycle closed at {closedAt}' },
  GROCERY_CLOSED_ORDERS: {
    'zh-CN': '本期团购订单已满（{cap} 单），已自动截单',
    en: 'This cycle is full ({cap} orders) and closed itself',
  },
  GROCERY_CLOSED_TURNOVER: {
    'zh-CN': '本期团购金额已达上限（{cap} 元），已自动截单',
    en: 'This cycle reached its turnover cap (¥{cap}) and closed itself',
  },
  GROCERY_CLOSED_MANUAL: {
    'zh-CN': '本期团购已由工作人员截单',
    en: 'This cycle was closed by the officials',
  },
  GROCERY_SOLD_OUT: {
    'zh-CN': '“{product}”余量不足（剩 {left} {unit}）',
    en: '"{product}" has only {left} {unit} left',
  },
  GROCERY_PRODUCT_UNKNOWN: { 'zh-CN': '本期团购没有这个商品', en: 'This cycle does not sell that product' },
  GROCERY_DUPLICATE_LINE: { 'zh-CN': '同一商品请合并为一行', en: 'List each product once' },
  GROCERY_ORDER_LIMIT: {
    'zh-CN': '本户在本期已下过 {limit} 单',
    en: 'Your household has placed {limit} order(s) in this cycle already',
  },
  GROCERY_NO_HOUSEHOLD: {
    'zh-CN': '未找到您登记的住户，请联系社区',
    en: 'No household is registered under your phone; ask your community',
  },
  GROCERY_MIN_ORDER: {
    'zh-CN': '该店起送金额为 {min} 元',
    en: 'This shop delivers orders of ¥{min} or more',
  },
  GROCERY_ORDER_STATE: {
    'zh-CN': '订单当前状态不允许此操作',
    en: 'The order is not in a state that allows this',
  },
  GROCERY_ASSIGNEE_UNKNOWN: {
    'zh-CN': '未找到该手机号的配送人员账号',
    en: 'No delivery account has that phone',
  },
  GROCERY_AREA_OUTSIDE_GRANT: {
    'zh-CN': '配送范围超出了街道/社区批准的范围',
    en: 'The delivery area goes beyond the area the officials granted',
  },
  GROCERY_SHOP_NOT_SERVING: {
    'zh-CN': '该店不向这户所在的小区配送',
    en: 'This shop does not deliver to that household',
  },
  WEEKDAY: { 'zh-CN': '星期应为 0（周日）至 6（周六）', en: 'A weekday is 0 (Sunday) to 6 (Saturday)' },
  GROCERY_CYCLE_STILL_OPEN: {
    'zh-CN': '团购截单后才能分配配送批次',
    en: 'Assign delivery batches after the cycle closes',
  },
  BATCH_RETURNED: {
    'zh-CN': '该批医疗队已于 {day} 返回',
    en: 'This batch returned on {day} already',
  },
  BATCH_UNKNOWN: { 'zh-CN': '未找到该批次医疗队', en: 'No such batch of medical staff' },
  USER_UNKNOWN: { 'zh-CN': '未找到该账号，或账号已停用', en: 'No such account, or it is disabled' },
  LIAISON_REQUIRED: {
    'zh-CN': '请填写包联人（账号或手机号，二选一）',
    en: 'Give the liaison, by account or by phone (one of the two)',
  },
  LIAISON_CHANGE_FORBIDDEN: {
    'zh-CN': '更换包联人须由社区干部或指挥中心办理',
    en: 'Only the community officials or the command centre change the liaison',
  },
  NOTHING_TO_CHANGE: { 'zh-CN': '没有要修改的内容', en: 'Nothing to change' },
  DELIVERY_DISPATCHED: {
    'zh-CN': '该次服务已派发为志愿任务',
    en: 'This delivery was dispatched as a volunteer task already',
  },
  SERVICE_PAUSED: { 'zh-CN': '该服务已暂停', en: 'This service is paused already' },
  SERVICE_ACTIVE: { 'zh-CN': '该服务正在进行，无需恢复', en: 'This service is running already' },
  FAMILY_WORKER_BACK: {
    'zh-CN': '队员已于 {day} 返回，不再新增服务',
    en: 'The worker came back on {day}; no new services are added',
  },
  DELIVERY_CLOSED: {
    'zh-CN': '该次服务已结束（{status}），不能再更改',
    en: 'This delivery is closed ({status}) and cannot change',
  },
  VOLUNTEER_UNKNOWN: {
    'zh-CN': '未找到该手机号的志愿者账号',
    en: 'No volunteer account has that phone',
  },
  DELIVERY_CODE_WRONG: {
    'zh-CN': '确认码不正确，还可尝试 {left} 次',
    en: 'Wrong code; {left} tries left',
  },
  DELIVERY_CODE_LOCKED: {
    'zh-CN': '确认码错误次数过多，请由包联人电话确认',
    en: 'Too many wrong codes: the liaison confirms by phone',
  },
  NEED_HANDLED: { 'zh-CN': '该求助已处理', en: 'This need is handled already' },
  WEEKDAY_REQUIRED: { 'zh-CN': '每周服务须选择星期几', en: 'A weekly service needs a weekday' },
  CODE_FORMAT: { 'zh-CN': '确认码为 4 位数字', en: 'The code has 4 digits' },
  CADRE_AREA_KIND: {
    'zh-CN': '包联区域只能是村或社区',
    en: 'A responsibility area is a village or a community',
  },
  CADRE_AREA_HELD: {
    'zh-CN': '该干部已包联此村（社区）',
    en: 'This cadre already holds this village or community',
  },
  CADRE_AREA_PERIOD: { 'zh-CN': '结束时间应晚于开始时间', en: 'The period must end after it starts' },
  CADRE_LEADER_UNKNOWN: { 'zh-CN': '未找到该干部账号', en: 'No such cadre account' },
  CADRE_NOT_ASSESSOR: {
    'zh-CN': '您不是负责该干部的考核组成员',
    en: 'You are not in an assessment group covering this cadre',
  },
  CADRE_ENTRY_CORRECTED: {
    'zh-CN': '该条目已被更正，请更正最新的条目',
    en: 'This entry was corrected already; correct the latest one',
  },
  CADRE_EVIDENCE_UNKNOWN: {
    'zh-CN': '证据须是该干部纪实台账中的条目',
    en: "Evidence must be entries of this cadre's ledger",
  },
  CADRE_NOMINATION_STATE: {
    'zh-CN': '该推荐当前状态下不能执行此操作',
    en: 'The nomination is not in a state that allows this',
  },
  CADRE_NOMINATION_OPEN: {
    'zh-CN': '该干部已有待审或已批准的推荐',
    en: 'This cadre already has an open or approved nomination',
  },
  CADRE_NOTHING_TO_PUBLISH: {
    'zh-CN': '没有已批准待公布的推荐',
    en: 'No approved nominations to publish',
  },
  CADRE_GROUP_MEMBER_EXISTS: { 'zh-CN': '该用户已是考核组成员', en: 'Already a member of this group' },
  URL_FORMAT: { 'zh-CN': '链接应以 http:// 或 https:// 开头', en: 'A link starts with http:// or https://' },
  SUPPLIES_QUANTITY: {
    'zh-CN': '数量应为大于 0 的整数',
    en: 'A quantity is a whole number above zero',
  },
  SUPPLIES_INSUFFICIENT_STOCK: {
    'zh-CN': '库存不足：可用 {available}',
    en: 'Not enough stock: {available} available',
  },
  SUPPLIES_PLEDGE_EXCEEDED: {
    'zh-CN': '超出认捐数量：尚余 {left}',
    en: 'More than pledged: {left} still to come',
  },
  SUPPLIES_PLEDGE_CLOSED: {
    'zh-CN': '该认捐已结清或已取消余量',
    en: 'This pledge is complete or its rest was cancelled',
  },
  SUPPLIES_NEED_EXCEEDED: {
    'zh-CN': '超出需求数量：尚缺 {left}',
    en: 'More than needed: {left} still wanted',
  },
  SUPPLIES_NEED_CLOSED: {
    'zh-CN': '该需求已满足或已撤销',
    en: 'This need is met or withdrawn',
  },
  SUPPLIES_ALREADY_DISPATCHED: {
    'zh-CN': '该分配已发运',
    en: 'This allocation has already been dispatched',
  },
  SUPPLIES_ALREADY_DELIVERED: {
    'zh-CN': '该运单已签收',
    en: 'This waybill is already signed for',
  },
  SUPPLIES_SIGNATURE_REQUIRED: {
    'zh-CN': '请签名，或输入运单上的签收码，或上传签字单据照片',
    en: 'Sign, enter the code on the waybill, or attach a photo of the signed paper',
  },
  SUPPLIES_WRONG_CODE: { 'zh-CN': '签收码不正确', en: 'The sign-off code is wrong' },
  SUPPLIES_NOT_CORRECTABLE: {
    'zh-CN': '只能更正入库、报损和盘点调整记录，且每条只能更正一次',
    en: 'Only receipts, write-offs and count adjustments can be corrected, each once',
  },
  SUPPLIES_COUNT_BELOW_ALLOCATED: {
    'zh-CN': '盘点数 {counted} 低于已分配未发运的 {allocated}',
    en: 'The count {counted} is below the {allocated} allocated and not yet dispatched',
  },
  SUPPLIES_COUNT_UNCHANGED: {
    'zh-CN': '盘点数与账面一致，无需调整',
    en: 'The count equals the book stock; nothing to adjust',
  },
  SUPPLIES_SAME_STORE: { 'zh-CN': '调出与调入仓库不能相同', en: 'Transfer to another store' },
  SUPPLIES_ALLOCATION_CLOSED: {
    'zh-CN': '该分配已发运或已取消',
    en: 'This allocation has been dispatched or released already',
  },
  SUPPLIES_ITEM_MISMATCH: {
    'zh-CN': '物资与需求不一致',
    en: 'The item differs from the one needed',
  },
  SUPERVISION_ROUND_FROZEN: {
    'zh-CN': '目标清单和督查人员库已冻结，不能再修改',
    en: 'The target list and inspector pool are frozen and cannot change',
  },
  SUPERVISION_NOT_FROZEN: { 'zh-CN': '请先冻结目标清单', en: 'Freeze the target list first' },
  SUPERVISION_ALREADY_COMMITTED: {
    'zh-CN': '本轮已公布随机种子承诺，不能重复公布',
    en: 'This round has already published its seed commitment',
  },
  SUPERVISION_NOT_COMMITTED: {
    'zh-CN': '抽取前须先公布随机种子承诺',
    en: 'Publish the seed commitment before the draw',
  },
  SUPERVISION_ALREADY_DRAWN: {
    'zh-CN': '本轮已抽取，不能重抽',
    en: 'This round has been drawn; it cannot be redrawn',
  },
  SUPERVISION_NOT_DRAWN: { 'zh-CN': '本轮尚未抽取', en: 'This round has not been drawn yet' },
  SUPERVISION_DRAW_TOO_EARLY: {
    'zh-CN': '未到公布的抽取时间',
    en: 'The announced time of the draw has not come yet',
  },
  SUPERVISION_DRAW_AT_PAST: { 'zh-CN': '抽取时间不能早于现在', en: 'The draw cannot be set in the past' },
  SUPERVISION_SEED_REQUIRED: { 'zh-CN': '请输入随机种子', en: 'Enter the seed' },
  SUPERVISION_SEED_MISMATCH: {
    'zh-CN': '种子与事先公布的承诺不符',
    en: 'The seed does not match the commitment published beforehand',
  },
  SUPERVISION_SEED_NOT_PUBLIC: {
    'zh-CN': '种子尚未公开（不打招呼的督查在结果公布后公开）',
    en: 'The seed is not public yet (for unannounced rounds it is published with the results)',
  },
  SUPERVISION_LIST_CHANGED: {
    'zh-CN': '冻结的清单已被改动，拒绝抽取',
    en: 'The frozen list has been changed; the draw is refused',
  },
  SUPERVISION_EMPTY_LIST: { 'zh-CN': '该范围内没有此类督查对象', en: 'No targets of this kind in that area' },
  SUPERVISION_POOL_TOO_SMALL: {
    'zh-CN': '督查人员库至少需要 {min} 人',
    en: 'The inspector pool needs at least {min} members',
  },
  SUPERVISION_NOT_INSPECTOR: {
    'zh-CN': '用户 {userId} 不是督查组成员',
    en: 'User {userId} is not an inspector',
  },
  SUPERVISION_NOT_VISIT_INSPECTOR: {
    'zh-CN': '只有本次督查的督查人员可以操作',
    en: 'Only the inspectors of this visit may do this',
  },
  SUPERVISION_VISIT_STATE: {
    'zh-CN': '督查尚未开始或已结束',
    en: 'The visit has not started or is already finished',
  },
  SUPERVISION_UNKNOWN_ITEM: {
    'zh-CN': '检查项不在该类对象的检查清单中',
    en: 'That item is not on the checklist for this kind of target',
  },
  SUPERVISION_LADDER_ORDER: {
    'zh-CN': '逐级督办的时限须逐级递增',
    en: 'Each escalation step must come later than the one before',
  },
  SUPERVISION_CHECKLIST_DUPLICATE: {
    'zh-CN': '检查项编号不能重复',
    en: 'Checklist item keys must be unique',
  },
  SUPERVISION_ORDER_CLOSED: {
    'zh-CN': '整改单已销号，不能重新打开；如有新问题请另行记录',
    en: 'The order is closed and cannot be reopened; record a new finding instead',
  },
  SUPERVISION_ORDER_STATE: {
    'zh-CN': '整改单当前状态不允许此操作',
    en: 'The order is not in a state that allows this',
  },
  SUPERVISION_ONLY_INSPECTOR: {
    'zh-CN': '只有督查人员（或组长）复查后才能销号或退回',
    en: 'Only the inspector (or the group lead) closes or sends back, after re-inspection',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type MessageCode = keyof typeof MESSAGES;

export function isMessageCode(code: string): code is MessageCode {
  return Object.hasOwn(MESSAGES, code);
}

export function translate(code: MessageCode, locale: Locale, params: Record<string, unknown> = {}): string {
  return MESSAGES[code][locale].replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}
