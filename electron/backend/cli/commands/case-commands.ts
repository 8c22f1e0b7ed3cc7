/** The case-file and import commands (issue 2), gathered so the registry takes them with one import and one entry. */
export { newCommand } from './new';
export { importCommand } from './import';
export { infoCommand } from './info';
export { rejectsCommand } from './rejects';
export { vinCommand } from './vin';
