// Decoding contact files: Windows-1252 by our own table (Node 20's TextDecoder gets 0x80–0x9F wrong),
// UTF-8 and UTF-16 with or without a BOM, and refusal of anything that would import garbled names.
import { describe, expect, it } from "vitest";
import { decode, decodeWindows1252 } from "./encoding";

const bytes = (...b: number[]) => new Uint8Array(b);
const cp1252 = (s: string) => {
  // Encode with the inverse of the code page, for test input.
  const high: Record<string, number> = { "€": 0x80, "‚": 0x82, "ƒ": 0x83, "„": 0x84, "…": 0x85, "†": 0x86, "‡": 0x87, "ˆ": 0x88, "‰": 0x89, "Š": 0x8a, "‹": 0x8b, "Œ": 0x8c, "Ž": 0x8e, "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95, "–": 0x96, "—": 0x97, "˜": 0x98, "™": 0x99, "š": 0x9a, "›": 0x9b, "œ": 0x9c, "ž": 0x9e, "Ÿ": 0x9f };
  return new Uint8Array([...s].map((c) => high[c] ?? c.charCodeAt(0)));
};

describe("Windows-1252", () => {
  it("decodes ’ Š Œ € and the rest of 0x80–0x9F to the right characters, where Node's decoder gives control codes", () => {
    const input = bytes(0x92, 0x8a, 0x8c, 0x80, 0x9c, 0x9f, 0x93, 0x94, 0x96, 0x97);
    expect(decodeWindows1252(input)).toEqual({ text: "’ŠŒ€œŸ“”–—" });
    // The reason for our own table: this is what Node 20 gives for the same bytes.
    expect(new TextDecoder("windows-1252").decode(bytes(0x92))).not.toBe("’");
  });

  it("decodes Latin-1 letters as themselves", () => {
    expect(decodeWindows1252(cp1252("José Núñez, Françoise, Zoë"))).toEqual({ text: "José Núñez, Françoise, Zoë" });
  });

  it("reports the first byte the code page leaves undefined", () => {
    expect(decodeWindows1252(bytes(0x41, 0x81, 0x42))).toEqual({ badByteAt: 1 });
  });
});

describe("decode", () => {
  it("detects a Windows-1252 file and decodes O’Brien, Šimon and Œuvre exactly", () => {
    const out = decode(cp1252("Name,Email\nMaría O’Brien,m@example.org\nŠimon Œuvre,s@example.org\n"));
    expect(out.encoding).toBe("windows-1252");
    expect(out.text).toContain("María O’Brien");
    expect(out.text).toContain("Šimon Œuvre");
  });

  it("reads UTF-8 with and without a BOM, and UTF-16 with a BOM", () => {
    const text = "Name\nNguyễn Thị Hoa\n";
    const utf8 = new TextEncoder().encode(text);
    expect(decode(utf8)).toEqual({ text, encoding: "utf-8" });
    expect(decode(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ text, encoding: "utf-8" });
    const le = Buffer.from("\ufeff" + text, "utf16le");
    expect(decode(new Uint8Array(le))).toEqual({ text, encoding: "utf-16le" });
  });

  it("refuses bytes that are neither UTF-8 nor Windows-1252", () => {
    expect(() => decode(bytes(0x4e, 0x61, 0x8d, 0x65))).toThrow(expect.objectContaining({ code: "import.encoding", kind: "input" }));
  });

  it("refuses UTF-16 cut in half a character or holding a lone surrogate as an input error, not a crash", () => {
    expect(() => decode(bytes(0xff, 0xfe, 0x00))).toThrow(expect.objectContaining({ code: "import.encoding", kind: "input" }));
    expect(() => decode(bytes(0xff, 0xfe, 0x41, 0x00, 0x00, 0xd8, 0x41, 0x00))).toThrow(expect.objectContaining({ code: "import.encoding", kind: "input" }));
    expect(() => decode(bytes(0xfe, 0xff, 0x00, 0x41, 0x00))).toThrow(expect.objectContaining({ code: "import.encoding", kind: "input" }));
  });

  it("refuses a file that is already mojibake, naming the line", () => {
    const text = "Name,Email\nAna,a@example.org\nMarÃ­a PÃ©rez,m@example.org\n";
    expect(() => decode(new TextEncoder().encode(text))).toThrow(expect.objectContaining({ code: "import.mojibake", details: { line: 3 } }));
    expect(() => decode(new TextEncoder().encode("Name\nO\u00e2\u20ac\u2122Brien\n"))).toThrow(expect.objectContaining({ code: "import.mojibake" }));
  });

  it("refuses an empty file and a binary one", () => {
    expect(() => decode(bytes())).toThrow(expect.objectContaining({ code: "import.empty" }));
    expect(() => decode(bytes(0x50, 0x4b, 0x03, 0x04, 0x00, 0x00))).toThrow(expect.objectContaining({ code: "import.not_text" }));
  });
});
