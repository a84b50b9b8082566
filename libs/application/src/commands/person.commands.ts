import { commonAreaOf, personDecider, type PersonCommand } from '#domain';
import { commandTable } from '../command-handling/command-table.js';

/**
 * 个人信息删除 (issue 10): only a civil-affairs office, which answers for the registers, forgets a
 * person (PIPL), and only when its area covers every record naming the person (a volunteer, a social
 * worker, a need's beneficiary, a donor): the narrowest area holding them all must lie in its own.
 */
export const personCommands = commandTable<PersonCommand>()(personDecider, {}, {
  ErasePersonalData: {
    roles: ['civil_affairs_bureau'],
    // No record: no area to check; the decider answers 404 PERSON_NOT_FOUND.
    area: ({ data }) => (Array.isArray(data.records) && data.records.length > 0 ? commonAreaOf(data.records.map((record) => record.area)) : null),
    // The records are what the service found naming the person: an office that may read none of them
    // is answered 404 PERSON_NOT_FOUND, as for a reference nothing names.
    namesRecords: {
      areas: ({ data }) => (Array.isArray(data.records) ? data.records.map((record) => record.area) : []),
      without: (command) => ({ ...command, data: { ...command.data, records: [] } }),
    },
  },
});
