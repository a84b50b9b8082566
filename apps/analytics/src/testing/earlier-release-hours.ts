import { randomUUID } from 'node:crypto';

/**
 * Message values of one volunteer's stream on `<prefix>.volunteer.v1`, for tests of a consumer that
 * replays the topic from the beginning: hours-logged.v1 as the release of commit e756440 wrote it
 * (with the entry's `entryId` and `status`), and the other facts as every release writes them.
 */
export interface VolunteerStreamWriter {
  readonly streamId: string;
  readonly area: { city: string; district: string; street: string; community: string };
  registered(): string;
  /** hours-logged.v1 exactly as the release of e756440 mapped it (its toData: these keys, in this order). */
  earlierHoursLogged(entryId: string, status: 'pending' | 'confirmed', hours: number, eventId?: string): string;
  /** hours-logged.v1 in its frozen first shape, as the current release writes it (only hours that count when logged). */
  currentHoursLogged(hours: number, eventId?: string): string;
  confirmed(entryId: string, hours: number): string;
  declined(entryId: string, hours: number): string;
  /** Any v1 volunteer message with this stream's envelope. */
  message(type: string, data: Record<string, unknown>, eventId?: string): string;
}

export const volunteerStreamWriter = (volunteerId: string, area: VolunteerStreamWriter['area']): VolunteerStreamWriter => {
  const streamId = `volunteer-${volunteerId}`;
  const assignmentId = `${volunteerId}-assignment`;
  const target = { kind: 'need', needId: `${volunteerId}-need` };
  let position = 0;
  const message = (type: string, data: Record<string, unknown>, eventId: string = randomUUID()) => {
    position += 1;
    const occurredAt = new Date(Date.UTC(2026, 10, 1, 2, position)).toISOString();
    return JSON.stringify({ eventId, type, schemaVersion: 1, occurredAt, correlationId: `c-${volunteerId}-${position}`, streamId, position, data });
  };
  return {
    streamId,
    area,
    message,
    registered: () => message('wushe.volunteer.registered.v1', { volunteerId, area, registeredOn: '2026-10-01' }),
    earlierHoursLogged: (entryId, status, hours, eventId) =>
      message('wushe.volunteer.hours-logged.v1', { volunteerId, entryId, status, assignmentId, target, hours, servedOn: '2026-11-01', area }, eventId),
    currentHoursLogged: (hours, eventId) =>
      message('wushe.volunteer.hours-logged.v1', { volunteerId, assignmentId, target, hours, servedOn: '2026-11-02', area }, eventId),
    confirmed: (entryId, hours) =>
      message('wushe.volunteer.hours-confirmed.v1', { volunteerId, entryId, assignmentId, target, hours, servedOn: '2026-11-01', area }),
    declined: (entryId, hours) => message('wushe.volunteer.hours-declined.v1', { volunteerId, entryId, assignmentId, hours, servedOn: '2026-11-01' }),
  };
};

/**
 * The topic as a replaying consumer meets it: the earlier release's entries (typed and confirmed 2 h;
 * reported 3 h, then confirmed; reported 5 h, then declined), then 1.5 h the current release logged.
 * Served: 2 + 3 + 1.5 = 6.5 hours.
 */
export const EARLIER_RELEASE_HOURS_SERVED = 6.5;
export const earlierReleaseVolunteerTopic = (stream: VolunteerStreamWriter): string[] => [
  stream.registered(),
  stream.earlierHoursLogged('entry-typed', 'confirmed', 2),
  stream.earlierHoursLogged('entry-reported', 'pending', 3),
  stream.confirmed('entry-reported', 3),
  stream.earlierHoursLogged('entry-turned-down', 'pending', 5),
  stream.declined('entry-turned-down', 5),
  stream.currentHoursLogged(1.5),
];
