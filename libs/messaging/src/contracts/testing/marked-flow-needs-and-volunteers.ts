/**
 * The marked flow's needs and the volunteers who serve them: three needs listed (verified, reconfirmed,
 * withdrawn, a proposal declined, one gone stale), two volunteers (one assigned to a need, logging hours
 * the coordinator confirms or declines, checking in and out by code; one deregistered and erased).
 */
import { chinaDateOf, needDecider, personDecider, volunteerDecider } from '#domain';
import { DAY, HOUR, type MarkedFlow } from './marked-flow-context.js';
import type { MarkedRegisters } from './marked-flow-registers.js';

export interface MarkedNeedsAndVolunteers {
  /** Verified and served: a volunteer and a donation are matched to it, a project covers it. */
  n1: string;
  /** Stale: the second project is designed for it. */
  n3: string;
  /** Assigned to n1 until the flow's end. */
  vol1: string;
  /** The assignment vol1 serves n1 under. */
  assignment: string;
}

export async function listNeedsAndVolunteers(flow: MarkedFlow, { c1, c2, area1, org4 }: MarkedRegisters): Promise<MarkedNeedsAndVolunteers> {
  const { send, mark, idOf, today, advance } = flow;

  // --- needs --------------------------------------------------------------------------------------
  const n1 = idOf('need-1');
  const n2 = idOf('need-2');
  const n3 = idOf('need-3');
  const listNeed = async (needId: string, communityId: string, category: 'elderly_care' | 'child_welfare') =>
    send(needDecider, needId, {
      type: 'ListNeed',
      data: {
        needId,
        community: await flow.community(communityId),
        category,
        title: mark(`need-title-${needId}`),
        description: mark(`need-description-${needId}`),
        urgency: 'high',
        beneficiaryRef: mark(`beneficiary-ref-${needId}`),
        beneficiaries: 2,
        requiredSkills: [mark(`required-skill-${needId}`)],
        hoursPerWeek: 4,
        amountFen: 30_000,
        window: { from: today(), to: chinaDateOf(flow.later(60 * DAY)) },
        source: 'visit',
      },
    });
  await listNeed(n1, c1, 'elderly_care');
  advance(HOUR);
  await listNeed(n2, c2, 'child_welfare');
  advance(HOUR);
  await listNeed(n3, c1, 'elderly_care');
  await send(needDecider, n1, { type: 'VerifyNeed', data: {} });
  await send(needDecider, n1, { type: 'ReconfirmNeed', data: { note: mark('reconfirmation note') } });
  await send(needDecider, n2, { type: 'WithdrawNeed', data: { reason: mark('withdrawal-reason') } });
  await send(needDecider, n3, { type: 'DeclineMatchProposal', data: { resourceKey: `organisation:${org4}`, reason: mark('decline-reason') } });
  // The freshness clock: n3 unconfirmed for a (one-day) period.
  advance(DAY);
  await send(needDecider, n3, { type: 'MarkNeedStale', data: { staleAfterDays: 1 } });

  // --- volunteers ---------------------------------------------------------------------------------
  const vol1 = idOf('vol-1');
  const vol2 = idOf('vol-2');
  const assignment = idOf('assign-1');
  const personRefs = new Map<string, string>();
  for (const volunteerId of [vol1, vol2]) {
    personRefs.set(volunteerId, mark(`person-ref-${volunteerId}`));
    await send(volunteerDecider, volunteerId, {
      type: 'RegisterVolunteer',
      data: { volunteerId, personRef: personRefs.get(volunteerId)!, area: area1, registeredOn: today() },
    });
  }
  await send(volunteerDecider, vol1, {
    type: 'DeclareVolunteerSkills',
    data: { volunteerId: vol1, skills: [mark('volunteer-skill')], categories: ['elderly_care'] },
  });
  await send(volunteerDecider, vol1, {
    type: 'DeclareVolunteerAvailability',
    data: { volunteerId: vol1, hoursPerWeek: 6, windows: [{ weekday: 6, from: '09:00', to: '12:00' }, { weekday: 7, from: '14:00', to: '17:00' }] },
  });
  await send(volunteerDecider, vol1, {
    type: 'AssignVolunteer',
    data: { volunteerId: vol1, assignmentId: assignment, target: { kind: 'need', needId: n1 }, hoursPerWeek: 2 },
  });
  await send(needDecider, n1, { type: 'RecordResourceMatch', data: { matchId: assignment, resource: { kind: 'volunteer', id: vol1 }, hoursPerWeek: 2 } });
  await send(volunteerDecider, vol1, { type: 'LogVolunteerHours', data: { volunteerId: vol1, entryId: idOf('hours-1'), assignmentId: assignment, hours: 2.5, servedOn: today() } });
  // Self-reported hours wait for the coordinator: one confirmed, one declined (its reason stays inside).
  await send(volunteerDecider, vol1, { type: 'LogVolunteerHours', data: { volunteerId: vol1, entryId: idOf('hours-2'), assignmentId: assignment, hours: 1, servedOn: today() } }, 'volunteer');
  await send(volunteerDecider, vol1, { type: 'ConfirmVolunteerHours', data: { volunteerId: vol1, entryId: idOf('hours-2') } });
  await send(volunteerDecider, vol1, { type: 'LogVolunteerHours', data: { volunteerId: vol1, entryId: idOf('hours-3'), assignmentId: assignment, hours: 1, servedOn: today() } }, 'volunteer');
  await send(volunteerDecider, vol1, { type: 'DeclineVolunteerHours', data: { volunteerId: vol1, entryId: idOf('hours-3'), reason: mark('hours-decline-reason') } });
  // 扫码签到签退: a session, a check-in and a check-out two hours later, with the code's claims as verified.
  const session1 = idOf('session-1');
  const code = () => ({ sessionId: session1, volunteerId: vol1, expiresAt: flow.later(5 * 60_000).toISOString() });
  await send(volunteerDecider, vol1, { type: 'OpenServiceSession', data: { volunteerId: vol1, assignmentId: assignment, sessionId: session1 } });
  await send(volunteerDecider, vol1, { type: 'CheckInVolunteer', data: { volunteerId: vol1, sessionId: session1, code: code() } });
  advance(2 * HOUR);
  await send(volunteerDecider, vol1, { type: 'CheckOutVolunteer', data: { volunteerId: vol1, sessionId: session1, code: code() } });
  await send(volunteerDecider, vol2, { type: 'DeregisterVolunteer', data: { volunteerId: vol2, reason: mark('volunteer-deregistration') } });
  // 个人信息删除: the departed volunteer's data is erased; the fact names it by its vault reference only.
  await send(personDecider, personRefs.get(vol2)!, { type: 'ErasePersonalData', data: { personRef: personRefs.get(vol2)!, records: [{ kind: 'volunteer', id: vol2, area: area1 }] } });

  return { n1, n3, vol1, assignment };
}
