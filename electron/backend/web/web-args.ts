/** `npm run web -- [--case FILE] [--port N] [--data-dir DIR] [--folder DIR]... [--first-run-demo]` */
export type WebArgs = { casePath?: string; port: number; dataDir?: string; folders: string[]; firstRunDemo: boolean };

export function parseWebArgs(argv: readonly string[]): WebArgs {
  const args: WebArgs = { port: 0, folders: [], firstRunDemo: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--case':
        args.casePath = value();
        break;
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a number from 0 to 65535');
        args.port = port;
        break;
      }
      case '--data-dir':
        args.dataDir = value();
        break;
      case '--folder':
        // A folder the page may read from and write to (repeatable); paths elsewhere are refused.
        args.folders.push(value());
        break;
      case '--first-run-demo':
        args.firstRunDemo = true;
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return args;
}
