import type { Type } from '@nestjs/common';
import { AuditModule } from './audit/audit.module.js';
import { CommunityModule } from './community/community.module.js';
import { DonationModule } from './donation/donation.module.js';
import { ElderModule } from './elder/elder.module.js';
import { HistoryModule } from './history/history.module.js';
import { IndicatorsModule } from './indicators/indicators.module.js';
import { MatchingModule } from './matching/matching.module.js';
import { MatchingPoolModule } from './matching-pool/matching-pool.module.js';
import { GrantRoundModule } from './grant-round/grant-round.module.js';
import { NeedModule } from './need/need.module.js';
import { OpenContractingModule } from './open-contracting/open-contracting.module.js';
import { OrganisationModule } from './organisation/organisation.module.js';
import { ProjectModule } from './project/project.module.js';
import { ReportDraftsModule } from './report-drafts/report-drafts.module.js';
import { SpreadsheetsModule } from './spreadsheets/spreadsheets.module.js';
import { SocialWorkerModule } from './social-worker/social-worker.module.js';
import { VolunteerModule } from './volunteer/volunteer.module.js';
import { WebhookModule } from './webhook/webhook.module.js';

/** One Nest module per aggregate's feature folder; the domain lives in libs/domain. */
export const FEATURE_MODULES: Type[] = [
  NeedModule,
  CommunityModule,
  OrganisationModule,
  SocialWorkerModule,
  VolunteerModule,
  DonationModule,
  MatchingPoolModule,
  GrantRoundModule,
  ProjectModule,
  ReportDraftsModule,
  MatchingModule,
  HistoryModule,
  AuditModule,
  OpenContractingModule,
  SpreadsheetsModule,
  IndicatorsModule,
  WebhookModule,
  ElderModule,
];
