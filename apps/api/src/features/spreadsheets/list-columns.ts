import { SERVICE_CATEGORIES, type ServiceCategory } from '#domain';
import type { DonationItem, NeedListItem, ProjectListItem } from '#read-models';
import type { Column } from './spreadsheet.js';

/** The columns of each of the three lists (三项清单) in a spreadsheet: one place, read by the export. */
const category = (code: string): string => SERVICE_CATEGORIES[code as ServiceCategory] ?? code;

const areaColumns = <Row extends { area: { district: string; street: string; community: string } }>(): Column<Row>[] => [
  { header: '区县', field: 'district', value: (row) => row.area.district },
  { header: '街道', field: 'street', value: (row) => row.area.street },
  { header: '社区', field: 'community', value: (row) => row.area.community },
];

/** 居民需求清单. */
export const NEED_COLUMNS: readonly Column<NeedListItem>[] = [
  { header: '需求编号', field: 'needId', value: (row) => row.needId },
  { header: '需求', field: 'title', value: (row) => row.title },
  { header: '服务类别', field: 'category', value: (row) => category(row.category) },
  { header: '紧急程度', field: 'urgency', value: (row) => row.urgency },
  { header: '状态', field: 'status', value: (row) => row.status },
  ...areaColumns<NeedListItem>(),
  { header: '受益人数', field: 'beneficiaries', kind: 'number', value: (row) => row.beneficiaries },
  { header: '每周小时', field: 'hoursPerWeek', kind: 'number', value: (row) => row.hoursPerWeek },
  { header: '资金缺口（元）', field: 'amountYuan', kind: 'yuan', value: (row) => row.amountFen },
  { header: '已对接次数', field: 'matches', kind: 'number', value: (row) => row.matches },
  { header: '已对接资金（元）', field: 'matchedAmountYuan', kind: 'yuan', value: (row) => row.matchedAmountFen },
  { header: '配捐资金（元）', field: 'poolMatchedYuan', kind: 'yuan', value: (row) => row.poolMatchedFen },
  { header: '筹得资金合计（元）', field: 'fundedYuan', kind: 'yuan', value: (row) => row.fundedFen },
  { header: '覆盖项目', field: 'coveringProjectIds', value: (row) => row.coveringProjectIds.join(' ') },
  { header: '发布时间', field: 'listedAt', value: (row) => row.listedAt },
  { header: '满足时间', field: 'fulfilledAt', value: (row) => row.fulfilledAt },
];

/** 民生项目清单. */
export const PROJECT_COLUMNS: readonly Column<ProjectListItem>[] = [
  { header: '项目编号', field: 'projectId', value: (row) => row.projectId },
  { header: '项目', field: 'title', value: (row) => row.title },
  { header: '类型', field: 'kind', value: (row) => row.kind },
  { header: '服务类别', field: 'categories', value: (row) => row.categories.map(category).join('、') },
  { header: '状态', field: 'status', value: (row) => row.status },
  ...areaColumns<ProjectListItem>(),
  { header: '预算（元）', field: 'budgetYuan', kind: 'yuan', value: (row) => row.budgetFen },
  { header: '合同金额（元）', field: 'contractPriceYuan', kind: 'yuan', value: (row) => row.contractPriceFen },
  { header: '承接机构', field: 'contractor', value: (row) => row.contractor?.name ?? row.contractor?.organisationId ?? null },
  { header: '慈善配套（元）', field: 'fundingMatchedYuan', kind: 'yuan', value: (row) => row.fundingMatchedFen },
  { header: '配捐资金（元）', field: 'fundingPoolMatchedYuan', kind: 'yuan', value: (row) => row.fundingPoolMatchedFen },
  { header: '资金缺口（元）', field: 'fundingGapYuan', kind: 'yuan', value: (row) => row.fundingGapFen },
  { header: '服务次数', field: 'deliveries', kind: 'number', value: (row) => row.deliveries },
  { header: '服务小时', field: 'deliveredHours', kind: 'number', value: (row) => row.deliveredHours },
  { header: '受益人次', field: 'beneficiariesServed', kind: 'number', value: (row) => row.beneficiariesServed },
  { header: '签约时间', field: 'signedAt', value: (row) => row.signedAt },
];

/** 服务资源清单: donations with their unallocated balance. */
export const DONATION_COLUMNS: readonly Column<DonationItem>[] = [
  { header: '捐赠编号', field: 'donationId', value: (row) => row.donationId },
  { header: '捐赠方', field: 'donorName', value: (row) => row.donor.name },
  { header: '捐赠方类型', field: 'donorKind', value: (row) => row.donor.kind },
  { header: '捐赠类型', field: 'resource', value: (row) => row.resource },
  { header: '状态', field: 'status', value: (row) => row.status },
  ...areaColumns<DonationItem>(),
  { header: '认捐（元）', field: 'pledgedYuan', kind: 'yuan', value: (row) => row.pledgedFen },
  { header: '已对接（元）', field: 'matchedYuan', kind: 'yuan', value: (row) => row.matchedFen },
  { header: '已拨付（元）', field: 'disbursedYuan', kind: 'yuan', value: (row) => row.disbursedFen },
  { header: '已退款（元）', field: 'refundedYuan', kind: 'yuan', value: (row) => row.refundedFen },
  { header: '未分配（元）', field: 'balanceYuan', kind: 'yuan', value: (row) => row.balanceFen },
  { header: '定向类别', field: 'earmarkCategory', value: (row) => (row.earmark?.category ? category(row.earmark.category) : null) },
  { header: '认捐时间', field: 'pledgedAt', value: (row) => row.pledgedAt },
];
