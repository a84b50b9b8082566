/**
 * The demo district: 厦门市思明区 (seed 001), its streets and communities, the organisations, donors
 * and the needs residents typically bring to a community committee. Names are realistic but the
 * organisations and people are invented.
 */
import type { ServiceCategory } from '#domain';

export const CITY = 'xiamen';
export const DISTRICT = 'siming';
export const DISTRICT_NAME = '思明区';

export interface CommunityPlan {
  readonly code: string;
  readonly name: string;
  readonly residents: number;
}

export interface StreetPlan {
  readonly code: string;
  readonly name: string;
  readonly communities: readonly CommunityPlan[];
}

/** First two streets carry the story (street station, service projects); the others fill the district. */
export const STREETS: readonly StreetPlan[] = [
  {
    code: 'zhonghua',
    name: '中华街道',
    communities: [
      { code: 'zhonghua-zhonghua', name: '中华社区', residents: 9800 },
      { code: 'zhonghua-douxi', name: '斗西社区', residents: 7400 },
      { code: 'zhonghua-xinhua', name: '新华社区', residents: 8200 },
      { code: 'zhonghua-renan', name: '仁安社区', residents: 6100 },
    ],
  },
  {
    code: 'xiagang',
    name: '厦港街道',
    communities: [
      { code: 'xiagang-shapowei', name: '沙坡尾社区', residents: 7900 },
      { code: 'xiagang-daxuelu', name: '大学路社区', residents: 10400 },
      { code: 'xiagang-xunsiding', name: '巡司顶社区', residents: 5600 },
      { code: 'xiagang-minzulu', name: '民族路社区', residents: 8800 },
    ],
  },
  {
    code: 'lujiang',
    name: '鹭江街道',
    communities: [
      { code: 'lujiang-lujiang', name: '鹭江社区', residents: 6900 },
      { code: 'lujiang-hefeng', name: '和凤社区', residents: 9300 },
      { code: 'lujiang-haibin', name: '海滨社区', residents: 5200 },
      { code: 'lujiang-zhenhai', name: '镇海社区', residents: 7700 },
    ],
  },
  {
    code: 'kaiyuan',
    name: '开元街道',
    communities: [
      { code: 'kaiyuan-kaiyuan', name: '开元社区', residents: 12100 },
      { code: 'kaiyuan-xian', name: '溪岸社区', residents: 8600 },
      { code: 'kaiyuan-meiren', name: '美仁社区', residents: 11300 },
      { code: 'kaiyuan-dongpingshan', name: '东坪山社区', residents: 4300 },
    ],
  },
  {
    code: 'wucun',
    name: '梧村街道',
    communities: [
      { code: 'wucun-wucun', name: '梧村社区', residents: 13200 },
      { code: 'wucun-jinbang', name: '金榜社区', residents: 10800 },
      { code: 'wucun-longshan', name: '龙山社区', residents: 9100 },
      { code: 'wucun-xilin', name: '西林社区', residents: 7600 },
    ],
  },
];

/** Social-work agencies (社工机构): the bidders for stations and projects. The first four carry the story. */
export const AGENCIES = [
  '思明区鹭岛社会工作服务中心',
  '厦门市同心社会工作服务社',
  '思明区海燕社工事务所',
  '厦门市启明社会工作服务中心',
  '思明区阳光社工服务中心',
  '厦门市仁爱社会工作发展中心',
  '思明区和乐社会工作服务社',
  '厦门市筼筜社会工作服务中心',
] as const;

/** Community social organisations (社区社会组织), seated in a community: `{community}` is its name. */
export const COMMUNITY_ORGANISATION_KINDS: readonly { readonly name: string; readonly categories: readonly ServiceCategory[] }[] = [
  { name: '{community}老年协会', categories: ['elderly_care', 'culture_sports'] },
  { name: '{community}志愿服务队', categories: ['community_governance', 'emergency_relief'] },
  { name: '{community}邻里互助会', categories: ['family_support', 'elderly_care'] },
  { name: '{community}妇女儿童之家', categories: ['child_welfare', 'family_support'] },
  { name: '{community}文体协会', categories: ['culture_sports'] },
  { name: '{community}残疾人协会', categories: ['disability_support'] },
  { name: '{community}调解委员会', categories: ['community_governance'] },
  { name: '{community}青少年成长营', categories: ['education', 'child_welfare'] },
];

export const ENTERPRISES = ['厦门鹭康居家养老服务有限公司', '厦门海湾物业服务有限公司'] as const;

/** Budget-funded mass organisation: not an eligible contractor (rule 7). */
export const MASS_ORGANISATION = '共青团厦门市思明区委员会';
/** Fails its annual inspection: may not bid (rule 11). */
export const FAILING_ORGANISATION = '思明区乐龄文化交流协会';

/** Skills volunteers declare, by the category they serve. */
export const SKILLS: Readonly<Record<ServiceCategory, readonly string[]>> = {
  elderly_care: ['陪伴聊天', '助餐送餐', '理发', '代购代办'],
  child_welfare: ['儿童陪伴', '绘本阅读'],
  disability_support: ['手语', '康复陪练', '轮椅出行协助'],
  social_assistance: ['政策咨询', '入户走访'],
  family_support: ['家政服务', '育儿指导'],
  mental_health: ['心理咨询', '情绪疏导'],
  health: ['量血压', '中医推拿', '健康讲座'],
  education: ['作业辅导', '英语辅导', '电脑教学'],
  employment: ['简历辅导', '技能培训'],
  community_governance: ['矛盾调解', '垃圾分类宣传', '网格巡查'],
  culture_sports: ['书法', '广场舞', '合唱指导'],
  emergency_relief: ['急救', '消防演练', '防台防汛'],
};

/** How often each category turns up among residents' needs (an old district: elderly care leads). */
export const NEED_CATEGORY_WEIGHTS: readonly (readonly [ServiceCategory, number])[] = [
  ['elderly_care', 30],
  ['child_welfare', 11],
  ['social_assistance', 10],
  ['disability_support', 8],
  ['family_support', 8],
  ['health', 8],
  ['education', 8],
  ['mental_health', 6],
  ['employment', 4],
  ['community_governance', 4],
  ['culture_sports', 2],
  ['emergency_relief', 1],
];

export interface NeedTemplate {
  readonly title: string;
  readonly description: string;
  /** Needs that volunteers meet with weekly hours. */
  readonly hoursPerWeek?: number;
  /** Needs with a money gap (fen). */
  readonly amountFen?: number;
  readonly skills?: readonly string[];
  /** A named beneficiary (a household); otherwise a group need. */
  readonly individual: boolean;
}

export const NEED_TEMPLATES: Readonly<Record<ServiceCategory, readonly NeedTemplate[]>> = {
  elderly_care: [
    { title: '独居老人助餐', description: '老人行动不便, 需要每日午餐送餐上门', hoursPerWeek: 3, skills: ['助餐送餐'], individual: true },
    { title: '高龄老人定期探访', description: '八十岁以上独居老人, 子女在外地, 需要每周上门探访', hoursPerWeek: 2, skills: ['陪伴聊天'], individual: true },
    { title: '失能老人居家照护', description: '卧床老人需要助浴、翻身等居家照护服务', amountFen: 360_000, individual: true },
    { title: '老年人上门理发', description: '楼栋里多位老人行动不便, 希望定期上门理发', hoursPerWeek: 2, skills: ['理发'], individual: false },
    { title: '适老化改造', description: '老旧住宅需要加装扶手、防滑地垫', amountFen: 480_000, individual: true },
  ],
  child_welfare: [
    { title: '困境儿童课后陪伴', description: '父母务工晚归, 孩子放学后无人照看', hoursPerWeek: 4, skills: ['儿童陪伴'], individual: true },
    { title: '留守儿童心理关爱', description: '孩子性格内向, 学校反映情绪低落', hoursPerWeek: 2, skills: ['心理咨询'], individual: true },
    { title: '暑期儿童安全教育', description: '社区儿童暑期防溺水、防诈骗安全教育', individual: false },
  ],
  disability_support: [
    { title: '残疾人康复训练', description: '肢体残疾居民需要每周康复陪练', hoursPerWeek: 3, skills: ['康复陪练'], individual: true },
    { title: '轮椅出行协助', description: '需要志愿者协助就医出行', hoursPerWeek: 2, skills: ['轮椅出行协助'], individual: true },
    { title: '听障居民沟通协助', description: '办事时需要手语翻译', hoursPerWeek: 1, skills: ['手语'], individual: true },
  ],
  social_assistance: [
    { title: '低保家庭临时救助', description: '家庭主要劳动力患病, 生活困难', amountFen: 300_000, individual: true },
    { title: '困难家庭政策咨询', description: '不清楚可申请的救助政策, 需要入户讲解', hoursPerWeek: 1, skills: ['政策咨询'], individual: true },
    { title: '重病家庭医疗费用缺口', description: '大病医保报销后仍有较大自付费用', amountFen: 800_000, individual: true },
  ],
  family_support: [
    { title: '单亲家庭育儿支持', description: '单亲妈妈需要育儿指导和临时托管', hoursPerWeek: 2, skills: ['育儿指导'], individual: true },
    { title: '家庭矛盾调解', description: '家庭成员长期不和, 需要专业介入', individual: true },
  ],
  mental_health: [
    { title: '独居老人心理疏导', description: '丧偶后情绪低落, 很少出门', hoursPerWeek: 1, skills: ['情绪疏导'], individual: true },
    { title: '青少年心理健康讲座', description: '社区家长希望开展青少年心理健康讲座', individual: false },
  ],
  health: [
    { title: '慢病老人健康监测', description: '高血压老人需要每周量血压并记录', hoursPerWeek: 1, skills: ['量血压'], individual: true },
    { title: '社区义诊', description: '居民希望定期开展中医义诊', individual: false },
  ],
  education: [
    { title: '外来务工子女作业辅导', description: '家长文化程度有限, 孩子作业无人辅导', hoursPerWeek: 3, skills: ['作业辅导'], individual: true },
    { title: '老年人智能手机课堂', description: '老人不会用手机挂号、扫码', hoursPerWeek: 2, skills: ['电脑教学'], individual: false },
  ],
  employment: [
    { title: '失业人员再就业帮扶', description: '下岗后求职困难, 需要简历指导和岗位推荐', hoursPerWeek: 1, skills: ['简历辅导'], individual: true },
  ],
  community_governance: [
    { title: '楼道堆物整治', description: '老旧小区楼道堆物, 存在消防隐患', individual: false },
    { title: '邻里噪音纠纷调解', description: '上下楼邻居噪音纠纷多次投诉', hoursPerWeek: 1, skills: ['矛盾调解'], individual: false },
  ],
  culture_sports: [{ title: '社区文体活动场地', description: '老年合唱队缺少固定活动场地', individual: false }],
  emergency_relief: [{ title: '台风受灾家庭临时安置', description: '台风导致房屋漏水, 需要临时安置和物资', amountFen: 200_000, individual: true }],
};

export const SURNAMES = [
  '陈', '林', '黄', '张', '李', '王', '吴', '刘', '蔡', '杨', '郑', '许', '谢', '洪', '郭', '邱', '曾', '廖', '赖', '周',
  '叶', '苏', '庄', '吕', '江', '何', '萧', '罗', '高', '潘', '简', '朱', '钟', '彭', '游', '詹', '胡', '施', '沈', '余',
] as const;
export const GIVEN_NAME_CHARACTERS = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀', '霞', '平',
  '刚', '桂', '华', '建', '文', '辉', '玲', '婷', '雪', '鹭', '海', '晨', '宇', '欣', '佳', '瑜', '琳', '晓', '志', '鸿',
] as const;
export const ROADS = ['中山路', '思明南路', '大同路', '镇海路', '厦禾路', '湖滨南路', '鹭江道', '民族路', '大学路', '开元路', '梧村路', '莲坂路'] as const;
