import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

/**
 * The streams of an encrypted PDF opened with the empty user password, as pdfjs opens them: the
 * checks that run before pdfjs (pdf-bounds.ts, pdf-image-bounds.ts) read a stream's data, and in an
 * encrypted file that data is ciphertext: a JPEG's frame header and a Flate stream's size were
 * hidden from them, and pdfjs decoded whatever they declared. The standard security handler only
 * (RC4 40-128 bits, AES-128, AES-256: revisions 2 to 6); a file that needs a password is refused by
 * pdfjs before anything is decoded, so the empty password is the only one to try.
 */
export type StreamDecryptor = (data: Buffer, object: number, generation: number) => Buffer | null;

const PADDING = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
/** How far an /Encrypt dictionary's object is read. */
const DICTIONARY_BYTES = 65_536;

/** The decryptor of the file's streams; null when it is not encrypted or not in a way this can open. */
export function pdfDecryptor(buffer: Buffer): StreamDecryptor | null {
  const dictionary = encryptDictionary(buffer);
  if (dictionary === null || name(dictionary, 'Filter') !== 'Standard') return null;
  const v = number(dictionary, 'V') ?? 0;
  const r = number(dictionary, 'R') ?? 0;
  let method: 'rc4' | 'aes128' | 'aes256' | 'none' = 'rc4';
  if (v >= 4) {
    const filter = name(dictionary, 'StmF') ?? 'Identity';
    if (filter === 'Identity') return null;
    const cfm = new RegExp(`/${filter}\\s*<<[^>]*?/CFM\\s*/(\\w+)`).exec(dictionary)?.[1];
    method = cfm === 'AESV2' ? 'aes128' : cfm === 'AESV3' ? 'aes256' : cfm === 'V2' ? 'rc4' : 'none';
  }
  if (method === 'none') return null;
  if (r >= 5) {
    const u = string(dictionary, 'U');
    const ue = string(dictionary, 'UE');
    if (!u || !ue || u.length < 48 || ue.length < 32) return null;
    const keySalt = u.subarray(40, 48);
    const intermediate = r === 5 ? createHash('sha256').update(keySalt).digest() : hash2B(Buffer.alloc(0), keySalt);
    const fileKey = aesNoPadding('aes-256-cbc', intermediate, Buffer.alloc(16), ue.subarray(0, 32), false);
    return (data) => aesCbc('aes-256-cbc', fileKey, data);
  }
  const o = string(dictionary, 'O');
  const id = firstId(buffer);
  if (!o || id === null) return null;
  const length = r === 2 ? 5 : (number(dictionary, 'Length') ?? 40) / 8;
  const p = Buffer.alloc(4);
  p.writeInt32LE(number(dictionary, 'P') ?? 0);
  const hash = createHash('md5').update(PADDING).update(o.subarray(0, 32)).update(p).update(id);
  if (r >= 4 && /\/EncryptMetadata\s+false/.test(dictionary)) hash.update(Buffer.from([0xff, 0xff, 0xff, 0xff]));
  let key = hash.digest().subarray(0, length);
  if (r >= 3) for (let i = 0; i < 50; i++) key = createHash('md5').update(key).digest().subarray(0, length);
  return (data, object, generation) => {
    const salt = Buffer.from([object & 0xff, (object >> 8) & 0xff, (object >> 16) & 0xff, generation & 0xff, (generation >> 8) & 0xff]);
    const objectHash = createHash('md5').update(key).update(salt);
    if (method === 'aes128') objectHash.update('sAlT', 'latin1');
    const objectKey = objectHash.digest().subarray(0, Math.min(16, length + 5));
    return method === 'aes128' ? aesCbc('aes-128-cbc', objectKey, data) : rc4(objectKey, data);
  };
}

/** RC4 (OpenSSL 3 keeps it in its legacy provider, which Node does not load). */
export function rc4(key: Uint8Array, data: Uint8Array): Buffer {
  const s = new Uint8Array(256).map((_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}

/** The hash of revision 6 (ISO 32000-2, algorithm 2.B), of a password with a salt (and the U string, for the owner's). */
export function hash2B(password: Buffer, salt: Buffer, userKey: Buffer = Buffer.alloc(0)): Buffer {
  let k: Buffer = createHash('sha256').update(password).update(salt).update(userKey).digest();
  let e: Buffer = Buffer.alloc(1);
  for (let round = 0; round < 64 || e[e.length - 1]! > round - 32; round++) {
    const k1 = Buffer.concat(new Array<Buffer>(64).fill(Buffer.concat([password, k, userKey])));
    e = aesNoPadding('aes-128-cbc', k.subarray(0, 16), k.subarray(16, 32), k1, true);
    let sum = 0;
    for (let i = 0; i < 16; i++) sum += e[i]!;
    k = createHash(['sha256', 'sha384', 'sha512'][sum % 3]!).update(e).digest();
  }
  return k.subarray(0, 32);
}

export function aesNoPadding(algorithm: string, key: Buffer, iv: Buffer, data: Buffer, encrypt: boolean): Buffer {
  const cipher = encrypt ? createCipheriv(algorithm, key, iv) : createDecipheriv(algorithm, key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

/** A stream's AES data: the IV, then the ciphertext with PKCS#7 padding. Null when damaged. */
function aesCbc(algorithm: string, key: Buffer, data: Buffer): Buffer | null {
  // The data as found runs to `endstream`, the line end before it included: whole blocks only.
  const whole = data.subarray(0, data.length - (data.length % 16));
  if (whole.length < 32) return null;
  try {
    const decipher = createDecipheriv(algorithm, key, whole.subarray(0, 16));
    return Buffer.concat([decipher.update(whole.subarray(16)), decipher.final()]);
  } catch {
    return null;
  }
}

/** The /Encrypt dictionary the last trailer (or cross-reference stream) names, as latin1 text. */
function encryptDictionary(buffer: Buffer): string | null {
  for (let at = buffer.lastIndexOf('/Encrypt', undefined, 'latin1'); at >= 0; at = buffer.lastIndexOf('/Encrypt', at - 1, 'latin1')) {
    const after = buffer.toString('latin1', at + 8, at + 64);
    if (/^\w/.test(after)) continue; // /EncryptMetadata
    const direct = /^\s*<</.exec(after);
    if (direct) return buffer.toString('latin1', at + 8, at + 8 + DICTIONARY_BYTES);
    const ref = /^\s*(\d+)\s+(\d+)\s+R/.exec(after);
    if (!ref) continue;
    for (let obj = buffer.indexOf(`${ref[1]} ${ref[2]} obj`, 0, 'latin1'); obj >= 0; obj = buffer.indexOf(`${ref[1]} ${ref[2]} obj`, obj + 1, 'latin1')) {
      if (obj > 0 && /\d/.test(String.fromCharCode(buffer[obj - 1]!))) continue;
      const text = buffer.toString('latin1', obj, obj + DICTIONARY_BYTES);
      return text.slice(0, text.indexOf('endobj') >= 0 ? text.indexOf('endobj') : undefined);
    }
    return null;
  }
  return null;
}

/** The first string of the trailer's /ID. */
function firstId(buffer: Buffer): Buffer | null {
  for (let at = buffer.lastIndexOf('/ID', undefined, 'latin1'); at >= 0; at = buffer.lastIndexOf('/ID', at - 1, 'latin1')) {
    const text = buffer.toString('latin1', at + 3, at + 1024);
    const open = /^\s*\[\s*/.exec(text);
    if (!open) continue;
    return parseString(text, open[0].length);
  }
  return null;
}

function number(dictionary: string, key: string): number | null {
  const match = new RegExp(`/${key}\\s+(-?\\d+)(?![\\d.])(?!\\s+\\d+\\s+R)`).exec(dictionary);
  return match ? Number(match[1]) : null;
}

function name(dictionary: string, key: string): string | null {
  return new RegExp(`/${key}\\s*/(\\w+)`).exec(dictionary)?.[1] ?? null;
}

function string(dictionary: string, key: string): Buffer | null {
  const match = new RegExp(`/${key}\\s*(?=[(<])`).exec(dictionary);
  return match ? parseString(dictionary, match.index + match[0].length) : null;
}

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };

/** A literal `( … )` or hexadecimal `< … >` string starting at `at`, as bytes. */
function parseString(text: string, at: number): Buffer | null {
  if (text[at] === '<') {
    const end = text.indexOf('>', at);
    if (end < 0) return null;
    const hex = text.slice(at + 1, end).replace(/\s/g, '');
    return Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
  }
  if (text[at] !== '(') return null;
  const out: number[] = [];
  let depth = 1;
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[++i] ?? '';
      if (next in ESCAPES) out.push(ESCAPES[next]!);
      else if (/[0-7]/.test(next)) {
        const octal = /^[0-7]{1,3}/.exec(text.slice(i, i + 3))![0];
        out.push(parseInt(octal, 8) & 0xff);
        i += octal.length - 1;
      } else if (next === '\r' && text[i + 1] === '\n') i++;
      else if (next !== '\n' && next !== '\r') out.push(next.charCodeAt(0));
      continue;
    }
    if (c === '(') depth++;
    if (c === ')' && --depth === 0) return Buffer.from(out);
    out.push(c.charCodeAt(0) & 0xff);
  }
  return null;
}
