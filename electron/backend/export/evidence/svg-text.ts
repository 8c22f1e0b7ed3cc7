/**
 * Fitting text into boxes without a layout engine: CJK characters are about twice as wide as
 * Latin ones at one font size, which is close enough to wrap names into a node.
 */
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

/** Width in "half-width units" (one Latin character = 1, one CJK character = 2). */
export function textUnits(text: string): number {
  let units = 0;
  for (const ch of text) units += WIDE.test(ch) ? 2 : 1;
  return units;
}

/** Wraps text into at most `maxLines` lines of `width` units; the last line ends in … when cut. */
export function wrapText(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  let units = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const w = WIDE.test(ch) ? 2 : 1;
    if (units + w > width && line !== '') {
      // Prefer breaking Latin text at the last space.
      const space = line.lastIndexOf(' ');
      if (!WIDE.test(ch) && space > line.length / 2) {
        lines.push(line.slice(0, space));
        line = line.slice(space + 1);
      } else {
        lines.push(line);
        line = '';
      }
      units = textUnits(line);
      if (lines.length === maxLines) {
        const last = lines[maxLines - 1]!;
        lines[maxLines - 1] = `${[...last].slice(0, -1).join('')}…`;
        return lines;
      }
    }
    line += ch;
    units += w;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** About how wide a label prints, `latin` per Latin character (a CJK character is about 5/3 as wide). */
export const labelWidth = (text: string, latin: number): number =>
  [...text].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? (latin * 5) / 3 : latin), 0);
