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
  GROCERY_CYCLE_STILL_OPEN: {
    'zh-CN': '团购截单后才能分配配送批次',
    en: 'Assign delivery batches after the cycle closes',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type MessageCode = keyof typeof MESSAGES;

export function isMessageCode(code: string): code is MessageCode {
  return Object.hasOwn(MESSAGES, code);
}

export function translate(code: MessageCode, locale: Locale, params: Record<string, unknown> = {}): string {
  return MESSAGES[code][locale].replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}
