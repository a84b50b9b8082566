export * from './community.commands.js';
export * from './donation.commands.js';
export * from './need.commands.js';
export * from './organisation.commands.js';
export * from './social-worker.commands.js';
export * from './volunteer.commands.js';
export * from './project.commands.js';
export * from './command-tables.js';
