import { describe, expect, it } from '@jest/globals';
import { donationMatchesNeed, projectCoversNeeds, volunteerMatchesNeed } from './policies.js';

const area = { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'c1' };

describe('policies', () => {
  it('a donation matched to a need records the match on the need', () => {
    const [reaction, ...rest] = donationMatchesNeed.react.DonationMatched!({
      type: 'DonationMatched',
      data: { donationId: 'd1', matchId: 'm1', amountFen: 50000, target: { kind: 'need', needId: 'n1', category: 'elderly_care', area } },
    });
    expect(rest).toEqual([]);
    expect(reaction!.decider.streamPrefix).toBe('need');
    expect(reaction!.id).toBe('n1');
    expect(reaction!.command).toEqual({ type: 'RecordResourceMatch', data: { matchId: 'm1', resource: { kind: 'donation', id: 'd1' }, amountFen: 50000 } });
  });

  it('a donation matched to a project touches no need', () => {
    expect(
      donationMatchesNeed.react.DonationMatched!({
        type: 'DonationMatched',
        data: { donationId: 'd1', matchId: 'm1', amountFen: 1, target: { kind: 'project', projectId: 'p1', categories: [], area } },
      }),
    ).toEqual([]);
  });

  it('a volunteer assigned to a need matches it with the weekly hours', () => {
    const [reaction] = volunteerMatchesNeed.react.VolunteerAssigned!({
      type: 'VolunteerAssigned',
      data: { volunteerId: 'v1', assignmentId: 'a1', target: { kind: 'need', needId: 'n2' }, hoursPerWeek: 4, assignedOn: '2026-03-01' },
    });
    expect(reaction!.command).toEqual({ type: 'RecordResourceMatch', data: { matchId: 'a1', resource: { kind: 'volunteer', id: 'v1' }, hoursPerWeek: 4 } });
  });

  it('a project designed for needs covers each of them', () => {
    const reactions = projectCoversNeeds.react.ProjectDesigned!({
      type: 'ProjectDesigned',
      data: { projectId: 'p1', needIds: ['n1', 'n2'], categories: ['elderly_care'], area },
    });
    const project = { projectId: 'p1', status: 'designed', categories: ['elderly_care'], area, contractorOrganisationId: null };
    expect(reactions.map((reaction) => [reaction.id, reaction.command])).toEqual([
      ['n1', { type: 'CoverNeedByProject', data: { project } }],
      ['n2', { type: 'CoverNeedByProject', data: { project } }],
    ]);
  });
});

