import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chinaDateOf, communityDecider, needDecider, toCommunityFacts, type ServiceCategory } from '#domain';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

describe('volunteers over HTTP', () => {
  let app: TestApp;
  const bureau = actor('civil_affairs_bureau');
  const volunteerActor = actor('volunteer');
  const today = chinaDateOf(new Date());
  const volunteer = { person: { name: '李明', phone: '13800000002', idNumber: '350203199205051234' }, communityId: 'huli' };
  const post = (path: string, body: Record<string, unknown> = {}, headers: Record<string, string> = volunteerActor) =>
    app.http().post(path).set(headers).send(body);
  const streamOf = (volunteerId: string) => app.service.infrastructure.eventStore.readStream(`volunteer-${volunteerId}`);
  const typesOf = async (volunteerId: string) => (await streamOf(volunteerId)).map((event) => event.type);
  const detailOf = async (volunteerId: string, position: number) =>
    (await app.http().get(`/volunteers/${volunteerId}?minPosition=${position}`).expect(200)).body;
  const register = async (body: Record<string, unknown> = volunteer) => (await post('/volunteers', body).expect(201)).body as { id: string; position: number };
  /** Needs are listed in their own feature; here a need only has to exist in its stream. */
  const listNeed = async (needId: string, category: ServiceCategory) => {
    const { state } = await app.service.infrastructure.aggregates.load(communityDecider, 'huli');
    await app.service.infrastructure.aggregates.handle(
      needDecider,
      needId,
      {
        type: 'ListNeed',
        data: {
          needId, community: toCommunityFacts(state), category, title: '陪伴就医', description: '', urgency: 'high',
          beneficiaryRef: `person-${needId}`, beneficiaries: 1, requiredSkills: [], hoursPerWeek: 4, source: 'visit',
        },
      },
      { correlationId: randomUUID(), causationId: null, actor: { id: 'committee', role: 'community_committee' } },
    );
  };
  /** A volunteer with declared hours, ready to be assigned. */
  const availableVolunteer = async (hoursPerWeek: number) => {
    const { id } = await register({ ...volunteer, person: { name: `志愿者${hoursPerWeek}` } });
    await post(`/volunteers/${id}/availability`, { hoursPerWeek }).expect(200);
    return id;
  };

  beforeAll(async () => {
    app = await startTestApp();
    await post('/communities', { communityId: 'huli', name: '湖里社区', area: { city: 'xiamen', district: 'huli-district', street: 'jiangtou' }, kind: 'urban', residents: 12000, households: 4000 }, bureau).expect(201);
    await listNeed('need-escort', 'health');
    await listNeed('need-meals', 'elderly_care');
  });
  afterAll(async () => {
    await app.close();
  });

  it('registers a volunteer under real name: the name in the vault and the detail, never in the event', async () => {
    const created = await register();
    const detail = await detailOf(created.id, created.position);
    expect(detail).toMatchObject({
      volunteerId: created.id,
      area: { city: 'xiamen', district: 'huli-district', street: 'jiangtou', community: 'huli' },
      status: 'active',
      registeredOn: today,
      hoursPerWeek: { declared: 0, assigned: 0, remaining: 0 },
      name: '李明',
      personalDataErased: false,
    });
    const stored = JSON.stringify(await streamOf(created.id));
    expect(stored).toContain(detail.personRef);
    for (const secret of ['李明', '13800000002', '350203199205051234']) expect(stored).not.toContain(secret);
    const listed = await app.http().get(`/volunteers?community=huli&minPosition=${created.position}`).expect(200);
    expect(listed.body.items.map((item: { volunteerId: string }) => item.volunteerId)).toContain(created.id);
    expect(JSON.stringify(listed.body)).not.toContain('李明');
  });

  it('declares skills and availability and finds the volunteer by category and free hours', async () => {
    const { id } = await register({ ...volunteer, person: { name: '王芳' } });
    const skills = await post(`/volunteers/${id}/skills`, { skills: ['心理咨询', ' 理发 ', '心理咨询'], categories: ['mental_health'] }).expect(200);
    expect(skills.body.events.map((event: { type: string }) => event.type)).toEqual(['VolunteerSkillsDeclared']);
    const availability = await post(`/volunteers/${id}/availability`, {
      hoursPerWeek: 6,
      windows: [{ weekday: 6, from: '09:00', to: '12:00' }, { weekday: 7, from: '14:00', to: '17:00' }],
    }).expect(200);
    const detail = await detailOf(id, availability.body.position);
    expect(detail).toMatchObject({
      skills: ['心理咨询', '理发'],
      categories: ['mental_health'],
      hoursPerWeek: { declared: 6, assigned: 0, remaining: 6 },
      availabilityWindows: [{ weekday: 6, from: '09:00', to: '12:00' }, { weekday: 7, from: '14:00', to: '17:00' }],
    });
    const found = await app.http().get(`/volunteers?category=mental_health&minRemainingHours=5&minPosition=${availability.body.position}`).expect(200);
    expect(found.body.items.map((item: { volunteerId: string }) => item.volunteerId)).toEqual([id]);

    const overlapping = await post(`/volunteers/${id}/availability`, {
      hoursPerWeek: 2,
      windows: [{ weekday: 1, from: '09:00', to: '12:00' }, { weekday: 1, from: '11:00', to: '13:00' }],
    }).expect(400);
    expect(overlapping.body.code).toBe('AVAILABILITY_WINDOW_INVALID');
    const tooMany = await post(`/volunteers/${id}/availability`, { hoursPerWeek: 10, windows: [{ weekday: 1, from: '09:00', to: '12:00' }] }).expect(400);
    expect(tooMany.body.code).toBe('AVAILABILITY_HOURS_EXCEED_WINDOWS');
    expect(await typesOf(id)).toEqual(['VolunteerRegistered', 'VolunteerSkillsDeclared', 'VolunteerAvailabilityDeclared']);
  });

  it('assigns within the declared hours and refuses more (VOLUNTEER_HOURS_EXCEEDED), storing nothing', async () => {
    const id = await availableVolunteer(4);
    const assigned = await post(`/volunteers/${id}/assign`, { target: { kind: 'need', id: 'need-escort' }, hoursPerWeek: 3 }).expect(200);
    expect(assigned.body.events.map((event: { type: string }) => event.type)).toEqual(['VolunteerAssigned']);
    expect(assigned.body.assignmentId).toMatch(/^[0-9a-f-]{36}$/);
    const detail = await detailOf(id, assigned.body.position);
    expect(detail).toMatchObject({
      hoursPerWeek: { declared: 4, assigned: 3, remaining: 1 },
      activeAssignments: 1,
      assignments: [{ assignmentId: assigned.body.assignmentId, target: { kind: 'need', id: 'need-escort' }, hoursPerWeek: 3, assignedOn: today, endedOn: null }],
    });

    const exceeded = await post(`/volunteers/${id}/assign`, { target: { kind: 'need', id: 'need-meals' }, hoursPerWeek: 2 }).expect(422);
    expect(exceeded.body).toMatchObject({ code: 'VOLUNTEER_HOURS_EXCEEDED', details: { declaredHoursPerWeek: 4, available: 1, requested: 2 } });
    expect(await typesOf(id)).toEqual(['VolunteerRegistered', 'VolunteerAvailabilityDeclared', 'VolunteerAssigned']);
    expect((await detailOf(id, assigned.body.position)).activeAssignments).toBe(1);

    const twice = await post(`/volunteers/${id}/assign`, { target: { kind: 'need', id: 'need-escort' }, hoursPerWeek: 1 }).expect(409);
    expect(twice.body.code).toBe('VOLUNTEER_ALREADY_ASSIGNED');
    const unknownNeed = await post(`/volunteers/${id}/assign`, { target: { kind: 'need', id: 'need-ghost' }, hoursPerWeek: 1 }).expect(404);
    expect(unknownNeed.body.code).toBe('NEED_NOT_FOUND');
    const unknownProject = await post(`/volunteers/${id}/assign`, { target: { kind: 'project', id: 'project-ghost' }, hoursPerWeek: 1 }).expect(404);
    expect(unknownProject.body.code).toBe('PROJECT_NOT_FOUND');
  });

  it('logs hours served against an assignment, ends it, and frees its hours', async () => {
    const id = await availableVolunteer(5);
    const { assignmentId } = (await post(`/volunteers/${id}/assign`, { assignmentId: 'escort-li', target: { kind: 'need', id: 'need-escort' }, hoursPerWeek: 2 }).expect(200)).body;
    expect(assignmentId).toBe('escort-li');

    const logged = await post(`/volunteers/${id}/hours`, { assignmentId, hours: 2.5, servedOn: today }).expect(200);
    expect(logged.body.events.map((event: { type: string }) => event.type)).toEqual(['VolunteerHoursLogged']);
    // Reported by the volunteer itself: they count once its coordinator confirms them.
    expect(await detailOf(id, logged.body.position)).toMatchObject({ hoursLogged: 0, lastServedOn: null });
    const confirmed = await post(`/volunteers/${id}/hours/${logged.body.entryId}/confirm`, {}, actor('community_committee')).expect(200);
    expect(await detailOf(id, confirmed.body.position)).toMatchObject({ hoursLogged: 2.5, lastServedOn: today, assignments: [{ assignmentId, hoursLogged: 2.5 }] });

    const tomorrow = chinaDateOf(new Date(Date.now() + 86_400_000));
    const future = await post(`/volunteers/${id}/hours`, { assignmentId, hours: 1, servedOn: tomorrow }).expect(400);
    expect(future.body.code).toBe('SERVED_ON_INVALID');
    const tooLong = await post(`/volunteers/${id}/hours`, { assignmentId, hours: 25, servedOn: today }).expect(400);
    expect(tooLong.body.code).toBe('VALIDATION_FAILED');
    const unknownAssignment = await post(`/volunteers/${id}/hours`, { assignmentId: 'nope', hours: 1, servedOn: today }).expect(404);
    expect(unknownAssignment.body.code).toBe('VOLUNTEER_ASSIGNMENT_NOT_FOUND');

    const ended = await post(`/volunteers/${id}/end-assignment`, { assignmentId, reason: '需求已满足' }).expect(200);
    expect(await detailOf(id, ended.body.position)).toMatchObject({
      hoursPerWeek: { declared: 5, assigned: 0, remaining: 5 },
      activeAssignments: 0,
      assignments: [{ assignmentId, endedOn: today }],
    });
    expect(await typesOf(id)).toEqual(['VolunteerRegistered', 'VolunteerAvailabilityDeclared', 'VolunteerAssigned', 'VolunteerHoursLogged', 'VolunteerHoursConfirmed', 'VolunteerAssignmentEnded']);
  });

  it('deregisters, ending running assignments, and refuses new ones afterwards', async () => {
    const id = await availableVolunteer(3);
    await post(`/volunteers/${id}/assign`, { target: { kind: 'need', id: 'need-meals' }, hoursPerWeek: 2 }).expect(200);
    const deregistered = await post(`/volunteers/${id}/deregister`, { reason: '搬家' }).expect(200);
    expect(deregistered.body.events.map((event: { type: string }) => event.type)).toEqual(['VolunteerAssignmentEnded', 'VolunteerDeregistered']);
    expect(await detailOf(id, deregistered.body.position)).toMatchObject({ status: 'deregistered', activeAssignments: 0 });
    const refused = await post(`/volunteers/${id}/assign`, { target: { kind: 'need', id: 'need-escort' }, hoursPerWeek: 1 }).expect(409);
    expect(refused.body.code).toBe('VOLUNTEER_DEREGISTERED');
  });

  it('erases a person on the bureau\'s request only: afterwards the detail has no name and the vault answers null', async () => {
    const created = await register({ ...volunteer, person: { name: '赵敏', phone: '13800000003' } });
    const { personRef } = await detailOf(created.id, created.position);

    const forbidden = await app.http().delete(`/persons/${personRef}`).set(actor('community_committee')).expect(403);
    expect(forbidden.body.code).toBe('ROLE_NOT_PERMITTED');
    const anonymous = await app.http().delete(`/persons/${personRef}`).expect(401);
    expect(anonymous.body.code).toBe('AUTHENTICATION_REQUIRED');
    expect(await app.service.infrastructure.vault.get(personRef)).toMatchObject({ name: '赵敏' });

    await app.http().delete(`/persons/${personRef}`).set(bureau).expect(204);
    expect(await app.service.infrastructure.vault.get(personRef)).toBeNull();
    expect(await detailOf(created.id, created.position)).toMatchObject({ volunteerId: created.id, personRef, name: null, personalDataErased: true, status: 'active' });
    // Erasure is for good and may be repeated; the facts about the volunteer stay.
    await app.http().delete(`/persons/${personRef}`).set(bureau).expect(204);
    expect(await typesOf(created.id)).toEqual(['VolunteerRegistered']);

    const badRef = await app.http().delete('/persons/%E6%9D%8E%E6%98%8E').set(bureau).expect(400);
    expect(badRef.body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a registration without a name or community, unknown fields, wrong types and requests without an actor', async () => {
    const before = (await app.http().get('/volunteers?limit=100').expect(200)).body.items.length;
    const nameless = await post('/volunteers', { communityId: 'huli', person: {} }).expect(400);
    expect(nameless.body.details.fields.map((field: { field: string }) => field.field)).toContain('person.name');
    const unknownCommunity = await post('/volunteers', { ...volunteer, communityId: 'nowhere' }).expect(404);
    expect(unknownCommunity.body.code).toBe('COMMUNITY_NOT_FOUND');
    const unknownField = await post('/volunteers', { ...volunteer, hobby: '摄影' }).expect(400);
    expect(unknownField.body.code).toBe('VALIDATION_FAILED');
    const wrongType = await post('/volunteers', { ...volunteer, registeredOn: 20261120 }).expect(400);
    expect(wrongType.body.details.fields.map((field: { field: string }) => field.field)).toContain('registeredOn');
    const noActor = await app.http().post('/volunteers').send(volunteer).expect(401);
    expect(noActor.body.code).toBe('AUTHENTICATION_REQUIRED');
    const probe = await post('/communities/huli/population', { residents: 12001, households: 4000 }, bureau).expect(200);
    expect((await app.http().get(`/volunteers?limit=100&minPosition=${probe.body.position}`).expect(200)).body.items).toHaveLength(before);

    const missing = await app.http().get('/volunteers/ghost').expect(404);
    expect(missing.body.code).toBe('VOLUNTEER_NOT_FOUND');
  });
});
