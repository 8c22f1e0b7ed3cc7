/**
 * Text for a terminal: control characters (C0 except line feed and tab, DEL, C1) and the
 * bidirectional overrides and isolates are shown escaped (`\x1b`, `\u202e`), so a party name
 * imported from a hostile file cannot set the window title, clear the screen or reorder what
 * the investigator reads. JSON output escapes C0 itself; C1 and bidi characters are escaped here too.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalText(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** The same for JSON lines: the escapes are JSON's own, so the output still parses. */
export function terminalJson(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
