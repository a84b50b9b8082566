/** The community and the need the HTTP benches send: one place, so every bench measures the same request. */

export const benchCommunity = (communityId: string) => ({ communityId, area: { city: 'xiamen', district: 'huli', street: 'jiangtou' } });

/** A need as a committee lists it after a visit (~330 bytes of JSON): the body each server under test parses. */
export const benchNeedBody = (communityId: string): string =>
  JSON.stringify({
    communityId,
    category: 'elderly_care',
    title: '独居老人助餐服务',
    description: '社区网格员入户走访发现，老人行动不便，需要志愿者每周三次送餐上门。',
    urgency: 'high',
    source: 'visit',
    beneficiaries: 1,
    requiredSkills: ['cooking'],
    hoursPerWeek: 5,
    amountFen: 20_000,
  });
