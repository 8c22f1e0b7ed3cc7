import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, lstatSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { refusal } from '../../../shared/refusal';
import { writeGuarded } from '../files/guarded-write';
import { browserDataDir } from '../files/data-dir';

/**
 * The OCR models tesseract.js loads, kept where no other local user can touch them: a folder of the
 * user's own data folder, mode 0700, each model checked by SHA-256 against the copy shipped with the
 * app before every engine start. (They used to live in a fixed /tmp folder, accepted when the size
 * matched: anyone could plant other files there first.) tesseract.js reads every language from one
 * folder and the two model packages are two folders, hence the copy.
 */
export const OCR_LANGS = ['eng', 'chi_sim'] as const;
const MODEL_FOLDER = '4.0.0_best_int';

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A folder only its owner may enter: created 0700, refused when it is a link or someone else's. */
function privateFolder(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  const stat = lstatSync(path);
  if (!stat.isDirectory() || stat.isSymbolicLink()) throw refusal('forbidden', 'refusal.ocr_folder_not_plain', { path });
  if (process.getuid && stat.uid !== process.getuid()) throw refusal('forbidden', 'refusal.ocr_folder_foreign', { path });
  if ((stat.mode & 0o077) !== 0) chmodSync(path, 0o700);
}

/**
 * The checked model folder. `dataDir` is the user's data folder ($XDG_CONFIG_HOME/ZeroMile by
 * default, ZEROMILE_DATA_DIR when set).
 */
export async function ocrModelsDir(dataDir = process.env.ZEROMILE_DATA_DIR || browserDataDir()): Promise<string> {
  const require = createRequire(import.meta.url);
  privateFolder(dataDir);
  const target = join(dataDir, 'ocr-models');
  privateFolder(target);
  for (const lang of OCR_LANGS) {
    const source = join(dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), MODEL_FOLDER, `${lang}.traineddata.gz`);
    const expected = sha256(source);
    const copy = join(target, `${lang}.traineddata.gz`);
    if (!sameFile(copy, expected)) {
      // Replaced whole (through a temp file and a rename), never written through a planted link.
      await writeGuarded(copy, (temp) => copyFileSync(source, temp));
      if (!sameFile(copy, expected)) throw refusal('internal', 'refusal.ocr_model_mismatch', { path: copy });
    }
  }
  return target;
}

function sameFile(path: string, expected: string): boolean {
  try {
    const stat = lstatSync(path);
    return stat.isFile() && sha256(path) === expected;
  } catch {
    return false;
  }
}
