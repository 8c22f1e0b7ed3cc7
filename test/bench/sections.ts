import type { BenchSection } from './bench-table';
import { importBench } from './import-bench';

/** Every benchmark section, in the order they run. Add one import and one entry per section. */
export const SECTIONS: readonly BenchSection[] = [importBench];
