import { describe, expect, it } from '@jest/globals';
import { domainEventRegistry } from '#domain';
import { describeFact, EVENT_DESCRIPTIONS, yuanText } from './event-descriptions.js';

describe('event descriptions', () => {
  it('describe every event type the registry stores (the compiler checks the unions; this checks the registry)', () => {
    const missing = domainEventRegistry.types().filter((type) => !(type in EVENT_DESCRIPTIONS));
    expect(missing).toEqual([]);
  });

  it('write fen as yuan exactly', () => {
    expect([yuanText(0), yuanText(5), yuanText(123_456), yuanText(150_000_000), yuanText(-1_050)]).toEqual(['0.00 元', '0.05 元', '1,234.56 元', '1,500,000.00 元', '-10.50 元']);
  });

  it('read as a committee member would', () => {
    expect(describeFact('NeedListed', {
      needId: 'n-1', communityId: 'c-1', area: { city: 'x', district: 'd', street: 's', community: 'c-1' }, category: 'elderly_care', title: '独居老人助餐',
      description: '', urgency: 'high', beneficiaryRef: 'ref', beneficiaries: 3, requiredSkills: [], hoursPerWeek: null, amountFen: null, window: null, source: 'visit', listedAt: '',
    })).toBe('发布需求：独居老人助餐，3 人（养老服务，紧急程度高，来源走访）');
    expect(describeFact('DonationRefunded', { donationId: 'd', amountFen: 10_000, balanceFen: 0, reason: '捐赠人撤回' })).toBe('退款 100.00 元，剩余未分配 0.00 元，原因：捐赠人撤回');
    expect(describeFact('SomethingNew', {})).toBe('记录了本版本不认识的事实 SomethingNew');
  });
});
