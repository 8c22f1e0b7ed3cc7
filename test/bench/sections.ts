import type { BenchSection } from './bench-table';
import { importBench } from './import-bench';
import { rulesBench } from './rules-bench';
import { documentsBench } from './documents-bench';
import { documentReadingBench } from './document-reading-bench';
import { invoiceScansBench } from './invoice-scans-bench';
import { uiBench } from './ui-bench';
import { shellBench } from './shell-bench';
import { demoBench } from './demo-bench';
import { exportBench } from './export-bench';
import { loadBench } from './load-bench';
import { scaleBench } from './scale-bench';
import { packBench } from './pack-bench';
import { provinceBench } from './province-bench';
import { registersBench } from './registers-bench';
import { foldBench } from './fold-bench';

/** Every benchmark section, in the order they run. Add one import and one entry per section. */
export const SECTIONS: readonly BenchSection[] = [importBench, rulesBench, documentsBench, documentReadingBench, invoiceScansBench, uiBench, shellBench, demoBench, exportBench, packBench, loadBench, scaleBench, provinceBench, registersBench, foldBench];
