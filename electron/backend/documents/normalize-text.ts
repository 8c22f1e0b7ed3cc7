/**
 * Text as read from PDFs and OCR, made comparable: NFKC, then the CJK radical code points
 * that PDF fonts map simplified characters to (NFKC leaves the supplement radicals alone and turns
 * some Kangxi radicals into their traditional forms), and the spaces OCR puts between Chinese characters.
 */

/** Radical code points -> the simplified character a Chinese document means by them. */
const RADICALS: Readonly<Record<string, string>> = {
  '⺁': '厂', '⺇': '几', '⺊': '卜', '⺌': '小', '⺍': '小', '⺕': '彐', '⺗': '心', '⺝': '月',
  '⺠': '民', '⺩': '王', '⺬': '示', '⺮': '竹', '⺶': '羊', '⺼': '月', '⻁': '虎', '⻂': '衣',
  '⻃': '西', '⻄': '西', '⻅': '见', '⻆': '角', '⻉': '贝', '⻋': '车', '⻌': '辶', '⻍': '辶',
  '⻏': '阝', '⻐': '钅', '⻑': '长', '⻓': '长', '⻔': '门', '⻖': '阝', '⻗': '雨', '⻘': '青',
  '⻙': '韦', '⻚': '页', '⻛': '风', '⻜': '飞', '⻝': '食', '⻟': '食', '⻠': '饣', '⻢': '马',
  '⻣': '骨', '⻤': '鬼', '⻥': '鱼', '⻦': '鸟', '⻧': '卤', '⻨': '麦', '⻩': '黄', '⻪': '黾',
  '⻬': '齐', '⻮': '齿', '⻰': '龙', '⻳': '龟',
  // Kangxi radicals whose NFKC form is traditional while the simplified font shares the glyph.
  '⼾': '户', '⻊': '足', '⾔': '言', '⾨': '门', '⾧': '长', '⾺': '马', '⾦': '金', '⾴': '页',
  '⾵': '风', '⾶': '飞', '⿂': '鱼', '⿃': '鸟', '⿓': '龙', '⿔': '龟', '⾞': '车', '⾙': '贝',
  '⾒': '见', '⾱': '韦', '⿑': '齐', '⿒': '齿', '⾾': '斗',
};
const RADICAL_PATTERN = new RegExp(`[${Object.keys(RADICALS).join('')}]`, 'gu');

const HAN = '\\p{Script=Han}';
/** Chinese characters and the punctuation that sits between them without spaces. */
const CJK_CHAR = `[${HAN}\\u3000-\\u303F\\uFF01-\\uFF0F\\uFF1A-\\uFF20(),:;、。，：；（）《》“”]`;
const CJK_GAP = new RegExp(`(?<=${CJK_CHAR})[ \\t\\u3000]+(?=${CJK_CHAR})`, 'gu');

/** NFKC plus the radical map: the same string length whenever the input has no ligatures. */
export function normalizeDocumentText(text: string): string {
  return text.replace(RADICAL_PATTERN, (ch) => RADICALS[ch] ?? ch).normalize('NFKC').replaceAll('\u0000', '');
}

/** Removes the spaces OCR puts between Chinese characters (`机 动 车` -> `机动车`). */
export function removeCjkSpacing(text: string): string {
  return text.replace(CJK_GAP, '');
}

const CJK_ONE = new RegExp(`^${CJK_CHAR}$`, 'u');

export function isCjk(ch: string): boolean {
  return CJK_ONE.test(ch);
}
