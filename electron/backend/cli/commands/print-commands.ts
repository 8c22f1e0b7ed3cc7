/** The print and export sub-commands (issue 6), listed together in cli/commands.ts. */
export { evidenceCommand } from './evidence';
export { reportCommand } from './report';
export { exportCommand } from './export';
