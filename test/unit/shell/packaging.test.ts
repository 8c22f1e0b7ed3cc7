import Ajv from 'ajv';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../../resources/scripts/electron-binary.mjs';
import { ROOT, tempDir } from '../../support/paths';

type BuildConfig = Record<string, unknown> & {
  npmRebuild?: boolean;
  asarUnpack?: string[];
  electronFuses?: Record<string, boolean>;
  linux?: { target?: string[] };
  win?: { target?: string[] };
  mac?: { target?: string[] };
  extraMetadata?: { main?: string };
};

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; build: BuildConfig };

describe('electron-builder config (package.json "build")', () => {
  it('is valid against electron-builder\'s own JSON schema', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(pkg.build);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema is not a rubber stamp: an unknown key fails.
    expect(validate({ ...pkg.build, notAnOption: true })).toBe(false);
  });

  it('targets AppImage and deb, nsis and dmg, and never rebuilds native modules', () => {
    expect(pkg.build.linux?.target).toEqual(['AppImage', 'deb']);
    expect(pkg.build.win?.target).toEqual(['nsis']);
    expect(pkg.build.mac?.target).toEqual(['dmg']);
    expect(pkg.build.npmRebuild).toBe(false);
    expect(pkg.build.extraMetadata?.main ?? pkg.main).toBe('dist/main.mjs');
  });

  it('sets the fuses and unpacks the native module', () => {
    expect(pkg.build.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(pkg.build.asarUnpack).toContain('resources/native/**');
  });
});

describe('npm start: finding the Electron binary without downloading it', () => {
  it('finds none where path.txt or the binary is missing, and the binary where both are', () => {
    const temp = tempDir();
    try {
      const dir = join(temp.dir, 'electron');
      mkdirSync(join(dir, 'dist'), { recursive: true });
      expect(findElectronBinary(dir, {})).toBeNull();
      writeFileSync(join(dir, 'path.txt'), 'electron');
      expect(findElectronBinary(dir, {})).toBeNull();
      writeFileSync(join(dir, 'dist', 'electron'), '');
      expect(findElectronBinary(dir, {})).toBe(join(dir, 'dist', 'electron'));
      expect(findElectronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: join(temp.dir, 'nowhere') })).toBeNull();
      expect(findElectronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'dist') })).toBe(join(dir, 'dist', 'electron'));
    } finally {
      temp.remove();
    }
  });
});
