import { contractEndingWorkflow } from './contract-ending.workflow.js';
import { projectStaffingWorkflow } from './project-staffing.workflow.js';
import { stationContractWorkflow } from './station-contract.workflow.js';
import type { Workflow } from './workflow.js';

export * from './workflow.js';
export * from './station-contract.workflow.js';
export * from './project-staffing.workflow.js';
export * from './contract-ending.workflow.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const domainWorkflows: readonly Workflow<any>[] = [stationContractWorkflow, projectStaffingWorkflow, contractEndingWorkflow];
