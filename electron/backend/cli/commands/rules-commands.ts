/** The rule, chain and statistics commands (issue 3), gathered so the registry takes them with one import and one entry. */
export { analyzeCommand } from './analyze';
export { chainCommand } from './chain';
export { statsCommand } from './stats';
