/**
 * How a contract is reported on and ends (delivery-and-evaluation.decider.ts): reports filed with their
 * figures (减负) and the reports due (rule 10), the annual evaluation (rule 9), termination by the bureau,
 * and completion once the mid-term and final reports are in (rule 10).
 */
import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '../shared/decider.js';
import type { FileReportData, ProjectCommand } from './project.commands.js';
import { projectDecider, toProjectFacts } from './project.decider.js';
import { reportsDue } from './project.rules.js';
import type { ReportFigure } from './report-figures.js';
import {
  spec, at, NOW, streetArea, untilBiddingClosed, stationStaffed, stationOnPost, deliverService, delivered, reportFiled,
  fileReport, contractTerminated,
} from './testing/project.fixtures.js';

describe('project decider', () => {
  describe('FileReport', () => {
    // 减负: the handler puts in the facts' figures; the organisation's corrections are kept next to them.
    const fromFacts: ReportFigure[] = [
      { key: 'deliveries.total', label: '服务次数（合计）', unit: 'count', value: 3 },
      { key: 'hours.delivered', label: '服务时长（合计）', unit: 'hours', value: 7.5 },
      { key: 'money.contract_price', label: '合同金额', unit: 'fen', value: 140_000_000 },
    ];
    const withFigures = (figures: FileReportData['figures']): ProjectCommand => ({
      type: 'FileReport',
      data: { reportId: 'report-2026-02', kind: 'monthly_brief', period: '2026-02', summary: 'Visited 42 households.', figures, fromFacts },
    });
    it('files the corrected figures next to the facts\' and the uncorrected ones as drafted', () => {
      spec
        .given(stationOnPost)
        .when(withFigures([{ key: 'deliveries.total', value: 4 }, { key: 'hours.delivered', value: 8.25 }]), at('2026-03-01T02:00:00.000Z'))
        .then([{
          type: 'ReportFiled',
          data: {
            projectId: 'project-1', reportId: 'report-2026-02', organisationId: 'org-a', kind: 'monthly_brief', period: '2026-02', summary: 'Visited 42 households.',
            figures: [
              { key: 'deliveries.total', label: '服务次数（合计）', unit: 'count', fromFacts: 3, filed: 4 },
              { key: 'hours.delivered', label: '服务时长（合计）', unit: 'hours', fromFacts: 7.5, filed: 8.25 },
              { key: 'money.contract_price', label: '合同金额', unit: 'fen', fromFacts: 140_000_000, filed: 140_000_000 },
            ],
            filedAt: '2026-03-01T02:00:00.000Z',
          },
        }]);
    });
    it('refuses a figure the draft does not have, one named twice, and an unsound value, all at once', () => {
      spec
        .given(stationOnPost)
        .when(withFigures([{ key: 'deliveries.invented', value: 1 }, { key: 'deliveries.total', value: 2.5 }, { key: 'hours.delivered', value: 1 }, { key: 'hours.delivered', value: 2 }, { key: 'money.contract_price', value: -1 }]), at('2026-03-01T02:00:00.000Z'))
        .thenThrows('REPORT_FIGURES_INVALID', {
            problems: [
              { key: 'deliveries.invented', code: 'REPORT_FIGURE_UNKNOWN', index: 0 },
              { key: 'deliveries.total', code: 'REPORT_FIGURE_INVALID', index: 1 },
              { key: 'hours.delivered', code: 'REPORT_FIGURE_DUPLICATE', index: 3 },
              { key: 'money.contract_price', code: 'REPORT_FIGURE_INVALID', index: 4 },
            ],
        });
    });
    it('files a monthly brief', () => {
      spec
        .given(stationOnPost)
        .when(fileReport('report-2026-02', 'monthly_brief', '2026-02'), at('2026-03-01T02:00:00.000Z'))
        .then([{ type: 'ReportFiled', data: { projectId: 'project-1', reportId: 'report-2026-02', organisationId: 'org-a', kind: 'monthly_brief', period: '2026-02', summary: 'Visited 42 households.', figures: [], filedAt: '2026-03-01T02:00:00.000Z' } }]);
    });
    it('records nothing when the same report is sent again', () => {
      spec.given([...stationOnPost, reportFiled('report-2026-02', 'monthly_brief', '2026-02')]).when(fileReport('report-2026-02', 'monthly_brief', '2026-02')).then([]);
    });
    it('refuses a second brief for the same month', () => {
      spec
        .given([...stationOnPost, reportFiled('report-2026-02', 'monthly_brief', '2026-02')])
        .when(fileReport('report-other', 'monthly_brief', '2026-02'))
        .thenThrows('REPORT_ALREADY_FILED', { kind: 'monthly_brief', period: '2026-02' });
    });
    it('refuses a second mid-term report', () => {
      spec.given([...stationOnPost, reportFiled('mid', 'mid_term', 'a')]).when(fileReport('mid-2', 'mid_term', 'b'), at('2027-08-20T00:00:00.000Z')).thenThrows('REPORT_ALREADY_FILED');
    });
    it.each<[string, ProjectCommand, string]>([
      ['a month before signing', fileReport('r', 'monthly_brief', '2026-01'), 'REPORT_PERIOD_INVALID'],
      ['a month not yet begun', fileReport('r', 'monthly_brief', '2026-04'), 'REPORT_PERIOD_INVALID'],
      ['a malformed month', fileReport('r', 'monthly_brief', '2026-3'), 'REPORT_PERIOD_INVALID'],
      ['a mid-term report without its span', fileReport('r', 'mid_term', ' '), 'REPORT_PERIOD_INVALID'],
      ['an unknown kind', fileReport('r', 'weekly' as never, '2026-02'), 'REPORT_KIND_UNKNOWN'],
      ['an empty summary', fileReport('r', 'monthly_brief', '2026-02', ' '), 'REPORT_SUMMARY_REQUIRED'],
    ])('rejects %s', (_label, command, code) => {
      spec.given(stationOnPost).when(command).thenThrows(code);
    });
    it('needs a contract in force', () => {
      spec.given(untilBiddingClosed).when(fileReport('r', 'monthly_brief', '2026-02')).thenThrows('CONTRACT_NOT_ACTIVE');
    });
  });

  describe('reportsDue (rule 10)', () => {
    it('rule 10: nothing is overdue when every brief that came due was filed', () => {
      const state = foldEvents(projectDecider, [...stationOnPost, reportFiled('r2', 'monthly_brief', '2026-02'), reportFiled('r3', 'monthly_brief', '2026-03')]);
      expect(reportsDue(state, new Date('2026-04-15T00:00:00.000Z'))).toEqual([]);
    });
    it('rule 10: lists each month whose brief is missing once the month has ended in China', () => {
      const state = foldEvents(projectDecider, [...stationOnPost, reportFiled('r2', 'monthly_brief', '2026-02')]);
      expect(reportsDue(state, new Date('2026-04-30T15:59:59.000Z'))).toEqual([{ kind: 'monthly_brief', period: '2026-03', dueAt: '2026-03-31T16:00:00.000Z' }]);
      expect(reportsDue(state, new Date('2026-04-30T16:00:00.000Z')).map((due) => due.period)).toEqual(['2026-03', '2026-04']);
    });
    it('rule 10: the mid-term report is due at half the term and the final report at its end', () => {
      const briefs = Array.from({ length: 37 }, (_, index) => {
        const month = new Date(Date.UTC(2026, 1 + index, 1)).toISOString().slice(0, 7);
        return reportFiled(`brief-${month}`, 'monthly_brief', month);
      });
      const state = foldEvents(projectDecider, [...stationOnPost, ...briefs]);
      expect(reportsDue(state, new Date('2027-08-15T01:59:59.000Z'))).toEqual([]);
      expect(reportsDue(state, new Date('2027-08-15T02:00:00.000Z'))).toEqual([
        { kind: 'mid_term', period: '2026-02-15/2027-08-15', dueAt: '2027-08-15T02:00:00.000Z' },
      ]);
      expect(reportsDue(state, new Date('2029-06-01T00:00:00.000Z'))).toEqual([
        { kind: 'mid_term', period: '2026-02-15/2027-08-15', dueAt: '2027-08-15T02:00:00.000Z' },
        { kind: 'final', period: '2026-02-15/2029-02-15', dueAt: '2029-02-15T02:00:00.000Z' },
      ]);
    });
    it('no brief is due after the term ends, and nothing once the contract is terminated', () => {
      const state = foldEvents(projectDecider, [...stationOnPost, reportFiled('mid', 'mid_term', 'a'), reportFiled('fin', 'final', 'b')]);
      const due = reportsDue(state, new Date('2030-01-01T00:00:00.000Z'));
      expect(due.at(-1)).toEqual({ kind: 'monthly_brief', period: '2029-02', dueAt: '2029-02-28T16:00:00.000Z' });
      expect(due).toHaveLength(37);
      expect(reportsDue(foldEvents(projectDecider, [...stationOnPost, contractTerminated('x')]), new Date('2030-01-01T00:00:00.000Z'))).toEqual([]);
    });
  });

  describe('EvaluateContract', () => {
    const evaluate = (grade: 'excellent' | 'good' | 'qualified' | 'unqualified', score: number, year = 2026): ProjectCommand => ({
      type: 'EvaluateContract',
      data: { year, grade, score },
    });
    const EVALUATION_NOW = '2026-11-30T02:00:00.000Z';

    it("rule 9: a 'qualified' year continues the contract", () => {
      spec
        .given(stationOnPost)
        .when(evaluate('qualified', 68), at(EVALUATION_NOW))
        .then([{ type: 'ContractEvaluated', data: { projectId: 'project-1', organisationId: 'org-a', year: 2026, grade: 'qualified', score: 68, continues: true, evaluatedAt: EVALUATION_NOW } }]);
      const state = foldEvents(projectDecider, [...stationOnPost, { type: 'ContractEvaluated', data: { projectId: 'project-1', organisationId: 'org-a', year: 2026, grade: 'qualified', score: 68, continues: true, evaluatedAt: EVALUATION_NOW } }]);
      expect(toProjectFacts(state).status).toBe('contracted');
    });
    it("rule 9: an 'unqualified' year terminates the contract, and no further service is delivered under it", () => {
      spec
        .given(stationOnPost)
        .when(evaluate('unqualified', 52), at(EVALUATION_NOW))
        .then([
          { type: 'ContractEvaluated', data: { projectId: 'project-1', organisationId: 'org-a', year: 2026, grade: 'unqualified', score: 52, continues: false, evaluatedAt: EVALUATION_NOW } },
          { type: 'ContractTerminated', data: { projectId: 'project-1', organisationId: 'org-a', reason: 'annual_evaluation_unqualified', area: streetArea, terminatedAt: EVALUATION_NOW } },
        ]);
      const events = projectDecider.decide(evaluate('unqualified', 52), foldEvents(projectDecider, stationOnPost), { now: new Date(EVALUATION_NOW), actor: { id: 'u', role: 'civil_affairs_bureau' } });
      spec.given([...stationOnPost, ...events]).when(deliverService({ deliveredOn: '2026-12-01' }), at('2026-12-02T00:00:00.000Z')).thenThrows('CONTRACT_NOT_ACTIVE');
    });
    it('evaluates each year once', () => {
      spec
        .given([...stationOnPost, { type: 'ContractEvaluated', data: { projectId: 'project-1', organisationId: 'org-a', year: 2026, grade: 'good', score: 80, continues: true, evaluatedAt: EVALUATION_NOW } }])
        .when(evaluate('excellent', 95), at(EVALUATION_NOW))
        .thenThrows('CONTRACT_ALREADY_EVALUATED', { year: 2026 });
    });
    it.each<[string, ProjectCommand, string]>([
      ['a year before the contract', evaluate('good', 80, 2025), 'EVALUATION_YEAR_INVALID'],
      ['a year not yet begun', evaluate('good', 80, 2027), 'EVALUATION_YEAR_INVALID'],
      ['an unknown grade', evaluate('splendid' as never, 80), 'EVALUATION_GRADE_UNKNOWN'],
      ['a score over 100', evaluate('good', 101), 'EVALUATION_SCORE_INVALID'],
    ])('rejects %s', (_label, command, code) => {
      spec.given(stationOnPost).when(command, at(EVALUATION_NOW)).thenThrows(code);
    });
    it('needs a contract in force', () => {
      spec.given([...stationOnPost, contractTerminated('x')]).when(evaluate('good', 80), at(EVALUATION_NOW)).thenThrows('CONTRACT_NOT_ACTIVE');
    });
  });

  describe('TerminateContract', () => {
    const terminate = (reason: string): ProjectCommand => ({ type: 'TerminateContract', data: { reason } });

    it('terminates the contract with the bureau’s reason (e.g. staff not on post in time, rule 3)', () => {
      spec
        .given(stationStaffed)
        .when(terminate(' staff_on_post_deadline_missed '), at('2026-12-01T02:00:00.000Z'))
        .then([contractTerminated('staff_on_post_deadline_missed')]);
    });
    it('requires a reason', () => {
      spec.given(stationOnPost).when(terminate(' ')).thenThrows('TERMINATION_REASON_REQUIRED');
    });
    it('refuses to terminate a contract that is not in force', () => {
      spec.given([...stationOnPost, contractTerminated('x')]).when(terminate('again')).thenThrows('CONTRACT_NOT_ACTIVE', { status: 'terminated' });
    });
  });

  describe('CompleteProject', () => {
    const complete: ProjectCommand = { type: 'CompleteProject', data: {} };

    it('rule 10: completes once the mid-term and final reports are filed, with the delivery totals', () => {
      spec
        .given([...stationOnPost, delivered(), delivered({ deliveryId: 'delivery-2', hours: 2.5, beneficiaries: 12 }), reportFiled('mid', 'mid_term', 'a'), reportFiled('fin', 'final', 'b')])
        .when(complete, at('2029-02-20T02:00:00.000Z'))
        .then([
          {
            type: 'ProjectCompleted',
            data: { projectId: 'project-1', organisationId: 'org-a', area: streetArea, deliveries: 2, deliveredHours: 5.5, beneficiariesServed: 17, completedAt: '2029-02-20T02:00:00.000Z' },
          },
        ]);
    });
    it('rule 10: a project without its final report does not complete', () => {
      spec.given([...stationOnPost, reportFiled('mid', 'mid_term', 'a')]).when(complete).thenThrows('REPORTS_MISSING', { rule: 10, missing: ['final'] });
    });
    it('rule 10: without either report, both are named', () => {
      spec.given(stationOnPost).when(complete).thenThrows('REPORTS_MISSING', { rule: 10, missing: ['mid_term', 'final'] });
    });
    it('refuses to complete twice', () => {
      spec
        .given([...stationOnPost, reportFiled('mid', 'mid_term', 'a'), reportFiled('fin', 'final', 'b'), { type: 'ProjectCompleted', data: { projectId: 'project-1', organisationId: 'org-a', area: streetArea, deliveries: 0, deliveredHours: 0, beneficiariesServed: 0, completedAt: NOW } }])
        .when(complete)
        .thenThrows('CONTRACT_NOT_ACTIVE', { status: 'completed' });
    });
  });
});
