// Decoding contact files (DESIGN §4a). Student information systems export UTF-8 (often with a BOM),
// UTF-16 (Excel's "Unicode text") or Windows-1252. We detect which, decode it exactly, and refuse
// anything we cannot decode with certainty: a name imported as mojibake ("MarÃ­a") is worse than an
// error, because the family then gets a message with their name mangled and nobody notices.
//
// Windows-1252 is decoded with our own table rather than `TextDecoder("windows-1252")`: Node 20's ICU
// build maps 0x80–0x9F to the C1 control characters (ISO-8859-1), so ’ (0x92), Š (0x8A) and Œ (0x8C)
// would silently become invisible control codes.
import { VisibleError } from "../error";

export type Encoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

/** Windows-1252's 0x80–0x9F; `undefined` marks the five bytes the code page leaves unassigned. */
const CP1252_HIGH: (number | undefined)[] = [
  0x20ac, undefined, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, undefined, 0x017d, undefined,
  undefined, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, undefined, 0x017e, 0x0178,
];

/** Decodes Windows-1252, or returns the offset of the first byte the code page does not define. */
export function decodeWindows1252(bytes: Uint8Array): { text: string } | { badByteAt: number } {
  const out = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80 || b >= 0xa0) out[i] = String.fromCharCode(b);
    else {
      const cp = CP1252_HIGH[b - 0x80];
      if (cp === undefined) return { badByteAt: i };
      out[i] = String.fromCharCode(cp);
    }
  }
  return { text: out.join("") };
}

/**
 * Text that was UTF-8, decoded once as Windows-1252 or Latin-1, and saved again as UTF-8: "Ã©" for é,
 * "â€™" for ’, "Ã±" for ñ. Real names do not contain these pairs.
 */
const MOJIBAKE = /[ÃÂ][\u0080-\u00bf]|â€[\u0080-\u00bf\u2018-\u203a\u20ac\u2122\u0152\u0153\u0160\u0161\u017d\u017e\u0178\u0192\u02c6\u02dc]|Ã[\u0152\u0153\u0160\u0161\u017d\u017e\u0178\u0192\u02c6\u02dc\u2018-\u203a\u20ac\u2122]/;

const refuse = (code: string, message: string, details?: Record<string, unknown>) => new VisibleError("input", code, message, details);

/**
 * Detects the encoding and decodes. UTF-8 is tried first and strictly (a single invalid sequence
 * means it is not UTF-8); then Windows-1252, which every byte sequence without its five unassigned
 * bytes decodes as. Text that decodes but is already mojibake is refused either way.
 */
export function decode(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes.length === 0) throw refuse("import.empty", "The file is empty.");
  let result: { text: string; encoding: Encoding } | undefined;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    result = { text: strictUtf8(bytes.subarray(3)), encoding: "utf-8" };
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    result = { text: strictUtf16(bytes.subarray(2), "utf-16le"), encoding: "utf-16le" };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    result = { text: strictUtf16(bytes.subarray(2), "utf-16be"), encoding: "utf-16be" };
  } else {
    try {
      result = { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
    } catch {
      const cp = decodeWindows1252(bytes);
      if ("badByteAt" in cp)
        throw refuse(
          "import.encoding",
          "This file is neither UTF-8 nor Windows-1252, so its names cannot be read correctly. Please save it as “CSV UTF-8” and upload it again.",
          { offset: cp.badByteAt },
        );
      result = { text: cp.text, encoding: "windows-1252" };
    }
  }
  if (result.text.includes("\u0000"))
    throw refuse("import.not_text", "This file is not a text (CSV) file. Please export the contact list as CSV and upload it again.");
  const line = mojibakeLine(result.text);
  if (line !== undefined)
    throw refuse(
      "import.mojibake",
      `Line ${line} contains garbled characters (such as “Ã©” for “é”): the file was converted between encodings by mistake. Please export it again as “CSV UTF-8”.`,
      { line },
    );
  return result;
}

function strictUtf8(bytes: Uint8Array) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw refuse("import.encoding", "This file says it is UTF-8 but contains invalid characters. Please export it again as “CSV UTF-8”.");
  }
}

/** A BOM promised UTF-16, but the rest is cut in half a character or holds a lone surrogate. */
function strictUtf16(bytes: Uint8Array, encoding: "utf-16le" | "utf-16be") {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw refuse("import.encoding", "This file says it is UTF-16 but contains invalid characters. Please export it again as “CSV UTF-8”.");
  }
}

function mojibakeLine(text: string) {
  const m = MOJIBAKE.exec(text);
  if (!m) return undefined;
  let line = 1;
  for (let i = 0; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
