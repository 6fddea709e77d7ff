// SMS hours: 08:00–20:00 on the organisation's wall clock, whatever the server's time zone, with the
// wait until they open computed across midnight and daylight-saving changes.
import { describe, expect, it } from "vitest";
import { isOpen, localMinutes, secondsUntilOpen, window } from "./hours";

const w = window("08:00-20:00");

describe("SMS hours", () => {
  it("reads the organisation's wall clock", () => {
    expect(localMinutes("America/New_York", new Date("2026-01-15T13:05:00Z"))).toBe(8 * 60 + 5);
    expect(localMinutes("America/Los_Angeles", new Date("2026-01-15T13:05:00Z"))).toBe(5 * 60 + 5);
    expect(localMinutes("Asia/Kolkata", new Date("2026-01-15T13:05:00Z"))).toBe(18 * 60 + 35);
  });

  it.each([
    ["2026-01-15T12:59:00Z", false], // 07:59 New York
    ["2026-01-15T13:00:00Z", true], // 08:00
    ["2026-01-16T00:59:00Z", true], // 19:59
    ["2026-01-16T01:00:00Z", false], // 20:00
    ["2026-01-16T06:00:00Z", false], // 01:00
  ])("at %s in New York, open is %s", (at, open) => {
    expect(isOpen("America/New_York", new Date(at), w)).toBe(open);
  });

  it("waits until 08:00 the next morning from the evening, and until 08:00 the same day from the night", () => {
    expect(secondsUntilOpen("America/New_York", new Date("2026-01-16T01:30:00Z"), w)).toBe(11.5 * 3600); // 20:30 → 08:00
    expect(secondsUntilOpen("America/New_York", new Date("2026-01-16T10:00:00Z"), w)).toBe(3 * 3600); // 05:00 → 08:00
    expect(secondsUntilOpen("America/New_York", new Date("2026-01-16T15:00:00Z"), w)).toBe(0);
  });

  it("lands on the wall clock's 08:00 across a daylight-saving change", () => {
    // 22:00 on Saturday 7 March 2026 (EST); clocks go forward at 02:00 on Sunday.
    const from = new Date("2026-03-08T03:00:00Z");
    const seconds = secondsUntilOpen("America/New_York", from, w);
    const opens = new Date(from.getTime() + seconds * 1000);
    expect(localMinutes("America/New_York", opens)).toBe(8 * 60);
    expect(isOpen("America/New_York", opens, w)).toBe(true);
  });

  it("can be switched off (the local stack's demo) and refuses a malformed setting", () => {
    expect(window("any")).toBeNull();
    expect(isOpen("America/New_York", new Date("2026-01-16T06:00:00Z"), window("any"))).toBe(true);
    expect(() => window("8 to 8")).toThrow(/SMS_SEND_HOURS/);
  });
});
