// Random handler arguments: pure noise, and objects with each handler's own keys holding hostile
// values (wrong types, huge numbers, SQL and HTML, traversal, prototype keys).
import { rng } from './bad-inputs';

const VIN = 'LGXCE4CB4N0000001';

export function makeRandom(seed: number, safePath: (name: string) => string) {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (n: number) => Math.floor(random() * n);
  const strings = () => [
    '', 'x', VIN, VIN.toLowerCase(), 'A'.repeat(100_000), '<img src=x onerror=alert(1)>', "'; DROP TABLE vehicles; --", 'vin DESC; DELETE FROM flags',
    '../../../../etc/passwd', '\u0000', 'null', '🚗🚓', '%s%s%n', '__proto__', 'constructor', '1e309', '-1', 'case:open', '*', '%', '"', '\\',
    String(int(1_000_000)), 'zero_mileage_export', 'high', 'open', 'vehicle', 'party', 'vin', 'asc', 'desc', 'csv', 'ftm', 'A4',
  ];
  const scalars = (): unknown[] => [
    undefined, null, true, false, 0, -0, 1, -1, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, 0.5, int(100), int(10),
    ...strings(), pick(strings()),
  ];
  const value = (depth: number): unknown => {
    const r = random();
    if (depth > 3 || r < 0.6) return pick(scalars());
    if (r < 0.75) return Array.from({ length: int(5) }, () => value(depth + 1));
    if (r < 0.8) return Array.from({ length: 10_000 }, () => 'x');
    if (r < 0.85) return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    if (r < 0.9) return { column: pick(strings()), dir: pick(['asc', 'desc', 'sideways', 1]), [pick(strings())]: value(depth + 1) };
    return Object.fromEntries(Array.from({ length: int(4) }, () => [pick(strings()), value(depth + 1)]));
  };
  /** For keys that name files: only ever inside the test's temp folder (or nonsense). */
  const pathValue = () => pick([safePath(`fuzz-${int(1000)}.out`), safePath('missing/dir/x.csv'), 42, null, '', safePath('a'.repeat(300))]);
  return {
    noise: () => value(0),
    shaped(keys: string[]): Record<string, unknown> {
      const args: Record<string, unknown> = {};
      for (const key of keys) {
        if (random() < 0.15) continue;
        if (key === 'path') args[key] = pathValue();
        else if (key === 'files') args[key] = Array.from({ length: int(3) }, () => (random() < 0.7 ? { path: pathValue() } : value(2)));
        else args[key] = value(1);
      }
      if (random() < 0.1) args[pick(strings())] = value(1);
      return args;
    },
  };
}
