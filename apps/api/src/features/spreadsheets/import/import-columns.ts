import { SERVICE_CATEGORIES } from '#domain';

/**
 * The columns of the bulk-import templates (needs, volunteers): the Chinese header a committee fills
 * in, the field of the command's DTO the cell becomes, and how the cell's text is read. The cells are
 * then validated by the DTO the HTTP command uses, and decided by the same command.
 */
export interface ImportColumn {
  /** 中文表头, as in the template's first row (the English field is written beside it). */
  readonly header: string;
  /** Dotted path in the DTO: `beneficiary.name`. */
  readonly field: string;
  readonly required: boolean;
  /** Where a choice is made: code -> Chinese label; a cell may hold either. */
  readonly choices?: Readonly<Record<string, string>>;
  readonly read?: CellReader;
  /** What the instructions sheet says beside the header. */
  readonly note: string;
}

/** A cell's text (trimmed, never empty) to the DTO value; what cannot be read is passed on as it is, for the DTO to refuse. */
export type CellReader = (text: string) => unknown;

const whole: CellReader = (text) => (/^-?\d+$/.test(text) ? Number(text) : text);
/** Yuan with at most two decimals to integer fen, by string arithmetic (no binary rounding). */
const yuanToFen: CellReader = (text) => {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  return match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : text;
};
const list: CellReader = (text) => text.split(/[、,，;；]/).map((item) => item.trim()).filter((item) => item !== '');

const URGENCY_LABELS = { low: '低', medium: '中', high: '高', critical: '紧急' } as const;
const SOURCE_LABELS = { visit: '走访', hotline: '热线', questionnaire: '问卷', grid_worker: '网格员', other: '其他' } as const;

/** 居民需求导入: one row, one ListNeed, as `POST /needs` takes it. */
export const NEED_IMPORT_COLUMNS: readonly ImportColumn[] = [
  { header: '社区编号', field: 'communityId', required: true, note: '需求所在社区的编号，如 zhonghua-1；居委会只能导入本社区' },
  { header: '类别', field: 'category', required: true, choices: SERVICE_CATEGORIES, note: '服务类别' },
  { header: '标题', field: 'title', required: true, note: '如：独居老人助餐' },
  { header: '描述', field: 'description', required: true, note: '需求的具体内容' },
  { header: '紧急程度', field: 'urgency', required: true, choices: URGENCY_LABELS, note: '低、中、高、紧急' },
  { header: '来源', field: 'source', required: true, choices: SOURCE_LABELS, note: '走访、热线、问卷、网格员、其他' },
  { header: '受益人数', field: 'beneficiaries', required: true, read: whole, note: '整数，1 以上' },
  { header: '所需技能', field: 'requiredSkills', required: false, read: list, note: '多个用顿号分隔，如：烹饪、陪护' },
  { header: '每周小时', field: 'hoursPerWeek', required: false, read: whole, note: '整数，1-168' },
  { header: '资金缺口（元）', field: 'amountFen', required: false, read: yuanToFen, note: '元，最多两位小数' },
  { header: '开始日期', field: 'window.from', required: false, note: 'YYYY-MM-DD；与结束日期同填' },
  { header: '结束日期', field: 'window.to', required: false, note: 'YYYY-MM-DD' },
  { header: '受益人姓名', field: 'beneficiary.name', required: false, note: '存入加密库，不进入事件' },
  { header: '受益人电话', field: 'beneficiary.phone', required: false, note: '存入加密库' },
  { header: '受益人住址', field: 'beneficiary.address', required: false, note: '存入加密库' },
];

/** 志愿者导入: one row, one RegisterVolunteer (实名登记), as `POST /volunteers` takes it. */
export const VOLUNTEER_IMPORT_COLUMNS: readonly ImportColumn[] = [
  { header: '姓名', field: 'person.name', required: true, note: '实名；存入加密库，不进入事件' },
  { header: '手机', field: 'person.phone', required: false, note: '存入加密库' },
  { header: '身份证号', field: 'person.idNumber', required: false, note: '18 位；存入加密库' },
  { header: '住址', field: 'person.address', required: false, note: '存入加密库' },
  { header: '社区编号', field: 'communityId', required: true, note: '志愿者服务的社区编号；居委会只能导入本社区' },
  { header: '登记日期', field: 'registeredOn', required: false, note: 'YYYY-MM-DD；空则为今天' },
];
