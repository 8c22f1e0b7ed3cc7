export function findElectronBinary(electronDir: string, env?: Record<string, string | undefined>): string | null;
