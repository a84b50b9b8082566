import type { Type } from '@nestjs/common';
import { NeedModule } from './need/need.module.js';

/** One Nest module per aggregate's feature folder; the domain lives in libs/domain. */
export const FEATURE_MODULES: Type[] = [NeedModule];
