// SMS segment counting: GSM-7 (with the extension table's two-septet characters) against UCS-2,
// single messages against concatenated segments, and no character ever split across two segments.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { count, isGsm7 } from "./segments";

const a = (n: number) => "a".repeat(n);

describe("SMS segments", () => {
  it("counts a short English text as one GSM-7 segment", () => {
    expect(count("Reply STOP to opt out.")).toMatchObject({ encoding: "GSM-7", units: 22, segments: 1, perSegment: 160 });
  });

  it("fits 160 GSM-7 characters in one message and splits 161 into 153 + 8", () => {
    expect(count(a(160))).toMatchObject({ segments: 1, perSegment: 160 });
    expect(count(a(161))).toMatchObject({ segments: 2, perSegment: 153 });
    expect(count(a(306)).segments).toBe(2);
    expect(count(a(307)).segments).toBe(3);
  });

  it("counts extension-table characters (€ [ ] { } ~ ^ | \\) as two septets", () => {
    expect(count("€")).toMatchObject({ encoding: "GSM-7", units: 2 });
    expect(count("€".repeat(80))).toMatchObject({ units: 160, segments: 1 });
    expect(count("€".repeat(81))).toMatchObject({ units: 162, segments: 2 });
    expect(count("[x]{y}~^|\\").units).toBe(18);
  });

  it("never splits an escape sequence across segments", () => {
    // 152 septets then a two-septet €: the € does not fit in the first segment's last septet.
    expect(count(a(152) + "€" + a(152)).segments).toBe(3);
    expect(count(a(151) + "€" + a(153)).segments).toBe(2);
  });

  it("keeps GSM-7's own accented letters (é è à ù ñ ü) in GSM-7", () => {
    expect(isGsm7("Répondez à ñandú über")).toBe(false); // ú is not GSM-7
    expect(isGsm7("Répondez à über Ñoño")).toBe(true);
  });

  it("sends Spanish with á, Vietnamese and Arabic as UCS-2: 70 in one message, 67 per segment", () => {
    expect(count("Responda STOP para cancelación")).toMatchObject({ encoding: "UCS-2", unicode: ["ó"] });
    expect(count("ạ".repeat(70))).toMatchObject({ encoding: "UCS-2", segments: 1, perSegment: 70 });
    expect(count("ạ".repeat(71))).toMatchObject({ segments: 2, perSegment: 67 });
    expect(count("ạ".repeat(134)).segments).toBe(2);
    expect(count("ạ".repeat(135)).segments).toBe(3);
    expect(count("مرحبا").encoding).toBe("UCS-2");
  });

  it("counts an emoji as two UCS-2 units and never splits it", () => {
    expect(count("😀")).toMatchObject({ encoding: "UCS-2", characters: 1, units: 2 });
    expect(count(a(66) + "😀" + a(3))).toMatchObject({ units: 71, segments: 2 });
    expect(count(a(66) + "😀" + a(67)).segments).toBe(3);
  });

  it("costs a Vietnamese invitation about twice the segments of the English one", () => {
    const link = "https://feedback.example.org/s/AAAAAAAAAAAAAAAAAAAAAA";
    const en = count(`Riverside Unified: please answer our short survey "Family Partnership Survey": ${link} Reply STOP to opt out.`);
    const vi = count(`Riverside Unified: mời bạn trả lời khảo sát ngắn "Khảo sát hợp tác với gia đình": ${link} Trả lời STOP để hủy đăng ký.`);
    expect(en).toMatchObject({ encoding: "GSM-7", segments: 1 });
    expect(vi).toMatchObject({ encoding: "UCS-2", segments: 3 });
  });

  it("always has enough segments for the units, and no more than needed plus the unsplittable slack", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "€", "é", "ạ", "😀", " ", "["), maxLength: 400 }), (text) => {
        const c = count(text);
        if (text === "") {
          expect(c.segments).toBe(0);
          return;
        }
        expect(c.segments * c.perSegment).toBeGreaterThanOrEqual(c.units);
        // Each segment wastes at most one unit (a two-unit character that did not fit).
        expect((c.segments - 1) * (c.perSegment - 1)).toBeLessThan(c.units);
      }),
    );
  });
});
