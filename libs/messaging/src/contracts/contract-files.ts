import { buildAsyncApiDocument, SCHEMAS_DIR_FROM_ASYNCAPI, toYaml } from './asyncapi-document.js';
import { integrationEventDefinitions, schemaFileOf } from './public-contract.js';

export interface ContractFile {
  /** Relative to libs/messaging. */
  path: string;
  content: string;
}

const GENERATED_NOTE = `# Generated from libs/messaging/src/contracts (the catalogue the relay maps with): do not edit.
# Regenerate: WUSHE_UPDATE_CONTRACTS=1 node --experimental-vm-modules node_modules/jest/bin/jest.js contract-files
`;

/** The published contract as files: one JSON Schema per integration event type, and asyncapi.yaml. */
export const renderContractFiles = (): ContractFile[] => [
  ...integrationEventDefinitions().map((definition) => ({
    path: `${SCHEMAS_DIR_FROM_ASYNCAPI.slice(2)}/${schemaFileOf(definition.type)}`,
    content: `${JSON.stringify(definition.schema, null, 2)}\n`,
  })),
  { path: 'asyncapi.yaml', content: GENERATED_NOTE + toYaml(buildAsyncApiDocument()) },
];
