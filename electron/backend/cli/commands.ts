import type { CliCommand } from './command';
import { newCommand, importCommand, infoCommand, rejectsCommand, vinCommand } from './commands/case-commands';
import { backupCommand } from './commands/backup';
import { caseCommand } from './commands/case';
import { verifyCommand } from './commands/verify';
import { demoCommand } from './commands/demo';
import { evidenceCommand, reportCommand, exportCommand } from './commands/print-commands';
import { searchCommand } from './commands/search';
import { analyzeCommand, chainCommand, statsCommand } from './commands/rules-commands';
import { packsCommand } from './commands/packs';
import { flagsCommand } from './commands/flags';
import { proposedCommand, reviewCommand } from './commands/review';

/** Every sub-command, in the order `zeromile help` lists them. Add one import and one entry per command. */
export const COMMANDS: readonly CliCommand[] = [
  newCommand, caseCommand, importCommand, infoCommand, rejectsCommand, vinCommand, demoCommand,
  analyzeCommand, flagsCommand, packsCommand, chainCommand, statsCommand, searchCommand, proposedCommand, reviewCommand,
  evidenceCommand, reportCommand, exportCommand,
  verifyCommand, backupCommand,
];
