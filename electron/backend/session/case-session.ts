import { ZeroMileError } from '../../../shared/errors';
import { openCaseFile, type CaseFile, type OpenOptions } from '../casefile/open-case-file';

/**
 * The case file a process (worker, CLI, test) has open. One session holds at most one case;
 * opening another closes the first.
 */
export class CaseSession {
  #current: CaseFile | null = null;
  readonly #options: Pick<OpenOptions, 'nativeBinding' | 'busyTimeoutMs' | 'readonly'>;

  constructor(options: Pick<OpenOptions, 'nativeBinding' | 'busyTimeoutMs' | 'readonly'> = {}) {
    this.#options = options;
  }

  current(): CaseFile | null {
    return this.#current;
  }

  require(): CaseFile {
    if (!this.#current) throw new ZeroMileError('case_not_open', 'No case file is open. Create a case or open one first.');
    return this.#current;
  }

  open(path: string): CaseFile {
    if (this.#current?.path === path) return this.#current;
    const next = openCaseFile(path, this.#options);
    this.close();
    this.#current = next;
    return next;
  }

  create(path: string, title: string): CaseFile {
    const next = openCaseFile(path, { ...this.#options, create: { title } });
    this.close();
    this.#current = next;
    return next;
  }

  close(): boolean {
    if (!this.#current) return false;
    this.#current.close();
    this.#current = null;
    return true;
  }
}
