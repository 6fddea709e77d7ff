// SMS segments, as carriers bill them (3GPP TS 23.038 and 23.040).
//
// A text that fits the GSM 7-bit alphabet is sent in septets: 160 in one message, or 153 per segment
// once it is split (each segment carries a 7-byte header for reassembly). Characters of the GSM
// extension table (^ { } \ [ ~ ] | € and form feed) take two septets, an escape and the character,
// and the pair is never split across two segments. Any other character (á, ê, ç, Vietnamese, Arabic,
// Chinese, emoji…) makes the whole text UCS-2: 70 UTF-16 code units in one message, 67 per segment,
// and a surrogate pair (an emoji) is never split either. So a Vietnamese or Arabic invitation costs
// about twice the segments of an English one, which the launch preview shows before anything is sent.

const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENSION = "^{}\\[~]|€\f";

const basic = new Set(GSM_BASIC);
const extension = new Set(GSM_EXTENSION);

export type Encoding = "GSM-7" | "UCS-2";

export type Count = {
  encoding: Encoding;
  /** Characters as people count them (code points). */
  characters: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** How many units one segment of this text holds (160/153 or 70/67). */
  perSegment: number;
  /** Characters that forced UCS-2, for the preview ("á", "ạ"…), at most ten. */
  unicode: string[];
};

export const isGsm7 = (text: string) => [...text].every((c) => basic.has(c) || extension.has(c));

/** Splits `sizes` (units per character) into segments of at most `limit`, never splitting a character. */
function pack(sizes: number[], limit: number) {
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > limit) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return segments;
}

export function count(text: string): Count {
  const chars = [...text];
  const unicode = [...new Set(chars.filter((c) => !basic.has(c) && !extension.has(c)))].slice(0, 10);
  if (unicode.length === 0) {
    const sizes = chars.map((c) => (extension.has(c) ? 2 : 1));
    const units = sizes.reduce((a, b) => a + b, 0);
    const single = units <= 160;
    return { encoding: "GSM-7", characters: chars.length, units, segments: single ? (units === 0 ? 0 : 1) : pack(sizes, 153), perSegment: single ? 160 : 153, unicode };
  }
  const sizes = chars.map((c) => c.length);
  const units = text.length;
  const single = units <= 70;
  return { encoding: "UCS-2", characters: chars.length, units, segments: single ? 1 : pack(sizes, 67), perSegment: single ? 70 : 67, unicode };
}

/**
 * Price per SMS segment, in US dollars: AWS End User Messaging's US toll-free rate plus the typical
 * carrier fee (about $0.0058 + $0.0025). Deployments in other countries set SMS_PRICE_PER_SEGMENT.
 */
export const smsPricePerSegment = () => Number(process.env.SMS_PRICE_PER_SEGMENT ?? 0.0083);
/** SES's price per email ($0.10 per 1,000). */
export const emailPrice = () => Number(process.env.EMAIL_PRICE ?? 0.0001);
