/**
 * The marked flow's first step: the registers every later step names. Two communities, four
 * organisations (inspected, graded, failed, suspended, reinstated, deregistered) and four social workers
 * (certified, moved, deregistered), with a marker in each name, reason and reference.
 */
import { communityDecider, organisationDecider, socialWorkerDecider, type Area } from '#domain';
import type { MarkedFlow } from './marked-flow-context.js';

export interface MarkedRegisters {
  c1: string;
  c2: string;
  area1: Area;
  area2: Area;
  /** A social work agency in good standing: it wins every purchase. */
  org1: string;
  /** An organisation without a seat: the losing bidder and challenger. */
  org4: string;
  /** org1's social workers; sw1 certified, sw2 with a degree. */
  sw1: string;
  sw2: string;
  sw3: string;
}

export async function fillRegisters(flow: MarkedFlow): Promise<MarkedRegisters> {
  const { send, mark, markExactly, idOf, today } = flow;

  // --- communities ------------------------------------------------------------------------------
  const c1 = idOf('c-1');
  const c2 = idOf('c-2');
  await send(communityDecider, c1, {
    type: 'RegisterCommunity',
    data: { communityId: c1, name: mark('community-name'), area: { city: 'XM', district: 'SM', street: 'SM-1' }, kind: 'urban', residents: 5000, households: 2000 },
  });
  await send(communityDecider, c2, {
    type: 'RegisterCommunity',
    data: { communityId: c2, name: mark('village-name'), area: { city: 'XM', district: 'HL', street: 'HL-1' }, kind: 'rural', residents: 1800, households: 600 },
  });
  await send(communityDecider, c1, { type: 'UpdateCommunityPopulation', data: { communityId: c1, residents: 5200, households: 2100 } });
  const area1 = (await flow.community(c1)).area;
  const area2 = (await flow.community(c2)).area;

  // --- organisations ----------------------------------------------------------------------------
  const org1 = idOf('org-1');
  const org2 = idOf('org-2');
  const org3 = idOf('org-3');
  const org4 = idOf('org-4');
  const register = (organisationId: string, code: string, seat: Area | null, district = 'SM') =>
    send(organisationDecider, organisationId, {
      type: 'RegisterOrganisation',
      data: {
        organisationId,
        name: mark(`organisation-name-${organisationId}`),
        kind: organisationId === org1 ? 'social_work_agency' : 'social_organisation',
        unifiedSocialCreditCode: markExactly(code),
        budgetFunded: false,
        city: area1.city,
        district,
        area: seat,
        serviceCategories: ['elderly_care', 'community_governance'],
        capacity: 3,
      },
    });
  await register(org1, '91350200MARKER0001', null);
  await register(org2, '52350200MARKER0002', area1);
  await register(org3, '52350200MARKER0003', area2, 'HL');
  await register(org4, '52350200MARKER0004', null);
  const lastYear = Number(today().slice(0, 4)) - 1;
  await send(organisationDecider, org1, { type: 'RecordAnnualInspection', data: { organisationId: org1, year: lastYear, result: 'passed' } });
  await send(organisationDecider, org1, { type: 'GradeOrganisation', data: { organisationId: org1, grade: 4, year: lastYear } });
  await send(organisationDecider, org2, {
    type: 'RecordAnnualInspection',
    data: { organisationId: org2, year: lastYear, result: 'failed', reason: mark('inspection-reason') },
  });
  await send(organisationDecider, org3, { type: 'SuspendOrganisation', data: { organisationId: org3, reason: mark('suspension-reason') } });
  await send(organisationDecider, org3, { type: 'ReinstateOrganisation', data: { organisationId: org3, reason: mark('reinstatement-reason') } });
  await send(organisationDecider, org3, { type: 'DeregisterOrganisation', data: { organisationId: org3, reason: mark('deregistration-reason') } });

  // --- social workers ---------------------------------------------------------------------------
  const [sw1, sw2, sw3, sw4] = ['sw-1', 'sw-2', 'sw-3', 'sw-4'].map(idOf) as [string, string, string, string];
  for (const [socialWorkerId, degree] of [[sw1, false], [sw2, true], [sw3, false]] as const) {
    await send(socialWorkerDecider, socialWorkerId, {
      type: 'RegisterSocialWorker',
      data: { socialWorkerId, personRef: mark(`person-ref-${socialWorkerId}`), base: { level: 'community', area: area1 }, hasSocialWorkDegree: degree, employerOrganisationId: org1 },
    });
  }
  await send(socialWorkerDecider, sw4, {
    type: 'RegisterSocialWorker',
    data: { socialWorkerId: sw4, personRef: mark('person-ref-sw-4'), base: { level: 'district', city: 'XM', district: 'HL' }, hasSocialWorkDegree: false, employerOrganisationId: null },
  });
  await send(socialWorkerDecider, sw1, {
    type: 'CertifySocialWorker',
    data: { socialWorkerId: sw1, grade: 'intermediate', certificateNumber: mark('certificate-number'), certifiedOn: today() },
  });
  await send(socialWorkerDecider, sw4, { type: 'ChangeEmployer', data: { socialWorkerId: sw4, employerOrganisationId: org4 } });
  await send(socialWorkerDecider, sw4, { type: 'DeregisterSocialWorker', data: { socialWorkerId: sw4, reason: mark('social-worker-deregistration') } });

  return { c1, c2, area1, area2, org1, org4, sw1, sw2, sw3 };
}
