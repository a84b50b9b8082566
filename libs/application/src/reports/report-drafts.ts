import {
  domainEventRegistry, figuresFromFacts, type FiledFigure, type FileReportData, notFound, type ProjectEvent, projectDecider,
  type ProjectState, type ReportFigure, type ReportKind, type ReportSpan, reportSpan,
} from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import type { ProjectMoneyQueries } from '#read-models';
import type { CommandService } from '../command-handling/command-service.js';
import { ProjectMoney } from './project-money.js';
import { projectCommands } from '../commands/project.commands.js';
import { areaOfRecord } from '../authority/areas.js';
import { type ActingActor, type AuthorityRules, checkAuthority, creatorOf } from '../authority/authority.js';

/** A report's draft: the figures its span's facts give, for the organisation to correct and file. */
export interface ReportDraft {
  readonly projectId: string;
  readonly organisationId: string;
  readonly kind: ReportKind;
  /** 'YYYY-MM' for a monthly brief; 'from/to' (Beijing dates) for mid-term and final reports. */
  readonly period: string;
  readonly span: ReportSpan;
  readonly figures: readonly ReportFigure[];
}

export interface ComparedFigure extends FiledFigure {
  /** filed - fromFacts, in the figure's unit. */
  readonly difference: number;
  readonly differs: boolean;
}

/** For the bureau: a filed report's figures next to the facts' at filing time. */
export interface ReportComparison {
  readonly projectId: string;
  readonly reportId: string;
  readonly organisationId: string;
  readonly kind: ReportKind;
  readonly period: string;
  readonly filedAt: string;
  readonly figures: readonly ComparedFigure[];
  /** How many figures differ from the facts. */
  readonly differing: number;
}

type CompareReport = { type: 'CompareReport'; data: Record<string, never> };

/** The buyer (the bureau over the project's area) and the auditors of the area compare what was filed with the facts. */
const comparing: AuthorityRules<CompareReport, ProjectState> = {
  CompareReport: { roles: ['civil_affairs_bureau', 'auditor'], area: (_command, { state }) => areaOfRecord(state, (project) => project.area) },
};

const currentEvents = (history: readonly RecordedEvent[]): ProjectEvent[] =>
  history.map((recorded) => domainEventRegistry.upcast(recorded) as ProjectEvent);

const draftPeriod = (kind: ReportKind, month: string | null, span: ReportSpan): string => (kind === 'monthly_brief' ? month! : `${span.from}/${span.to}`);

/**
 * 减负 (seeds 000, 002, 003; rule 10): reports drafted from the project's own stream, so the figures
 * are those recorded, never typed in; and, once filed, compared with them. Who may ask is the
 * command table's rule: only the contractor's staff draft (as they file), the bureau and auditors compare.
 */
/** A project outside the asker's area answers as an unknown one: its existence is not told. */
const unknownProject = (projectId: string) => () => notFound('PROJECT_NOT_FOUND', 'No such project', { projectId });

export class ReportDrafts {
  constructor(
    private readonly commands: CommandService,
    /** The donations' and pools' facts: the money matched to the project and spent on it. */
    private readonly money: ProjectMoney,
  ) {}

  async draft(projectId: string, kind: ReportKind, month: string | null, actor: ActingActor): Promise<ReportDraft> {
    const { state, history } = await this.commands.load(projectDecider, projectId);
    checkAuthority(projectCommands.authority, { type: 'FileReport', data: { reportId: '', kind, period: month ?? '', summary: '' } }, { state, createdBy: creatorOf(history) }, actor, unknownProject(projectId));
    const contract = state.status === 'absent' ? null : state.contract;
    if (state.status === 'absent') throw notFound('PROJECT_NOT_FOUND', 'No such project', { projectId });
    if (!contract) throw notFound('CONTRACT_NOT_FOUND', 'The project has no contract, so it owes no report', { projectId });
    const span = reportSpan(contract, kind, month);
    const figures = figuresFromFacts(currentEvents(history), span, await this.money.of(projectId));
    return { projectId, organisationId: contract.organisationId, kind, period: draftPeriod(kind, month, span), span, figures };
  }

  /**
   * The facts' figures a FileReport is filed against, computed just before the decision. Left empty
   * when no span can be known (no contract, a bad period): the decider refuses those with its code.
   */
  async withFiguresFromFacts(projectId: string, data: FileReportData): Promise<FileReportData> {
    const { state, history } = await this.commands.load(projectDecider, projectId);
    const contract = state.status === 'absent' ? null : state.contract;
    let span: ReportSpan | null = null;
    if (contract) {
      try {
        span = reportSpan(contract, data.kind, data.kind === 'monthly_brief' ? data.period.trim() : null);
      } catch {
        span = null;
      }
    }
    const fromFacts: readonly ReportFigure[] = span ? figuresFromFacts(currentEvents(history), span, await this.money.of(projectId)) : [];
    return { ...data, fromFacts };
  }

  async comparison(projectId: string, reportId: string, actor: ActingActor): Promise<ReportComparison> {
    const { state, history } = await this.commands.load(projectDecider, projectId);
    checkAuthority(comparing, { type: 'CompareReport', data: {} }, { state, createdBy: creatorOf(history) }, actor, unknownProject(projectId));
    if (state.status === 'absent') throw notFound('PROJECT_NOT_FOUND', 'No such project', { projectId });
    const filed = currentEvents(history).find((event) => event.type === 'ReportFiled' && event.data.reportId === reportId);
    if (!filed || filed.type !== 'ReportFiled') throw notFound('REPORT_NOT_FOUND', 'No such report of this project', { projectId, reportId });
    const report = filed.data;
    const figures = report.figures.map((figure) => {
      const difference = figure.unit === 'hours' ? Math.round((figure.filed - figure.fromFacts) * 100) / 100 : figure.filed - figure.fromFacts;
      return { ...figure, difference, differs: difference !== 0 };
    });
    return {
      projectId, reportId, organisationId: report.organisationId, kind: report.kind, period: report.period, filedAt: report.filedAt,
      figures, differing: figures.filter((figure) => figure.differs).length,
    };
  }
}

/** The one way a process builds its report drafts: the project's stream, and its money's streams found through the read models' index. */
export const reportDraftsOver = (commands: CommandService, index: Pick<ProjectMoneyQueries, 'projectMoneyStreams'>, events: Pick<EventStore, 'headPosition'>): ReportDrafts =>
  new ReportDrafts(commands, new ProjectMoney(commands, index, () => events.headPosition()));
