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

/** Punctuation that may not start a line (Chinese and Japanese line-breaking rules). */
const NO_LINE_START = /[，。、；：！？）》」』】〉,.;:!?)\]}]/u;

/** Greedy wrap into lines of `width` units, as many as it takes. */
function greedyLines(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let units = 0;
  for (const ch of text) {
    const w = WIDE.test(ch) ? 2 : 1;
    if (units + w > width && line !== '') {
      // Prefer breaking Latin text at the last space.
      const space = line.lastIndexOf(' ');
      if (!WIDE.test(ch) && space > line.length / 2) {
        lines.push(line.slice(0, space));
        line = line.slice(space + 1);
      } else if (NO_LINE_START.test(ch) && [...line].length > 1) {
        // A comma or closing bracket goes with the character before it, onto the next line.
        const kept = [...line];
        const carried = kept.pop()!;
        lines.push(kept.join(''));
        line = carried;
      } else {
        lines.push(line);
        line = '';
      }
      units = textUnits(line);
    }
    line += ch;
    units += w;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Wraps text into at most `maxLines` lines of `width` units; the last line ends in … when cut.
 * Lines are balanced: a name that takes two lines is cut near its middle, not after as much as
 * the first line holds, which left one character alone on the last (西安…有限公 / 司).
 */
export function wrapText(text: string, width: number, maxLines: number): string[] {
  const lines = greedyLines(text, width);
  if (lines.length > maxLines) {
    const cut = lines.slice(0, maxLines);
    cut[maxLines - 1] = `${[...cut[maxLines - 1]!].slice(0, -1).join('')}…`;
    return cut;
  }
  if (lines.length < 2) return lines;
  for (let narrower = Math.ceil(textUnits(text) / lines.length); narrower < width; narrower++) {
    const balanced = greedyLines(text, narrower);
    if (balanced.length <= lines.length) return withoutWidow(balanced, width);
  }
  return withoutWidow(lines, width);
}

/** A last line of one Chinese character takes the character before it along, where that one may start a line. */
function withoutWidow(lines: string[], width: number): string[] {
  const last = [...lines[lines.length - 1]!];
  const before = [...lines[lines.length - 2]!];
  // Chinese only: Latin text breaks at spaces, and a lone letter there is a word of its own.
  if (last.length !== 1 || before.length < 3 || !WIDE.test(last[0]!) || !WIDE.test(before[before.length - 1]!) || NO_LINE_START.test(before[before.length - 1]!)) return lines;
  const moved = `${before.pop()!}${last[0]!}`;
  if (textUnits(moved) > width) return lines;
  return [...lines.slice(0, -2), before.join(''), moved];
}

/** About how wide a label prints, `latin` per Latin character (a CJK character is about 5/3 as wide). */
export const labelWidth = (text: string, latin: number): number =>
  [...text].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? (latin * 5) / 3 : latin), 0);
