// Response-rate arithmetic (pure) and the next partner summary date.
import { describe, expect, it } from "vitest";
import type { Organisation } from "../organisation";
import type { Partner } from "../partner";
import type { Survey } from "../survey";
import { compute, nextSummary, rate } from "./index";

const inv = (status: string, answered: boolean, language = "en", channel: "email" | "sms" = "email", site?: string) =>
  ({ status, answered, language, channel, dimensions: site ? { site } : {} }) as Parameters<typeof compute>[1][number];

describe("response rates", () => {
  it("counts only invitations that went out (or were answered) in the denominator, and every status apart", () => {
    const r = compute("srv_1", [inv("delivered", true), inv("sent", false), inv("pending", false), inv("failed", false), inv("opted_out", false), inv("bounced", false), inv("queued", true)], []);
    expect(r).toMatchObject({ invited: 3, responded: 2, rate: 66.7 });
    expect(r.statuses).toEqual({ delivered: 1, sent: 1, pending: 1, failed: 1, opted_out: 1, bounced: 1, queued: 1 });
  });

  it("breaks rates down by dimension, largest segment first, and skips dimensions an invitation does not carry", () => {
    const r = compute("srv_1", [inv("sent", true, "es", "sms", "A"), inv("sent", false, "es", "sms", "A"), inv("sent", true, "ar", "email", "B"), inv("sent", false, "en", "email")], []);
    expect(r.byDimension.site).toEqual([
      { value: "A", invited: 2, responded: 1, rate: 50 },
      { value: "B", invited: 1, responded: 1, rate: 100 },
    ]);
    expect(r.byDimension.language.map((s) => s.value)).toEqual(["es", "ar", "en"]);
    expect(r.byDimension.grade_band).toEqual([]);
  });

  it("accumulates responses per day in order", () => {
    const r = compute("srv_1", [inv("sent", true), inv("sent", true), inv("sent", true), inv("sent", false)], ["2026-03-03", "2026-03-01", "2026-03-03"]);
    expect(r.overTime).toEqual([
      { day: "2026-03-01", responses: 1, cumulative: 1, rate: 25 },
      { day: "2026-03-03", responses: 2, cumulative: 3, rate: 75 },
    ]);
  });

  it("a survey nobody was invited to has a rate of 0, not NaN", () => {
    expect(rate(0, 0)).toBe(0);
    expect(compute("srv_1", [], ["2026-01-01"]).overTime[0]!.rate).toBe(0);
  });
});

describe("next partner summary (the summary job's periods)", () => {
  const partner = (id: string, frequency: "weekly" | "monthly", end = "2999-01-01") =>
    ({ id, frequency, contactEmails: [`${id}@partner.example.org`], agreement: { start: "2000-01-01", end } }) as Partner.Info;
  const org = { timeZone: "America/New_York" } as Organisation.Info;
  const survey = (status: "draft" | "open" | "closed", partnerIds: string[]) => ({ status, partnerIds }) as Survey.Info;
  const wednesday = new Date("2026-03-04T12:00:00Z");
  const sent = (partnerId: string, period: string) => ({ partnerId, period, to: `${partnerId}@partner.example.org`, status: "sent" as const });

  it("is due now while this week's or month's summary has not gone out", () => {
    expect(nextSummary(survey("open", ["p1"]), [partner("p1", "weekly")], org, [], wednesday)).toEqual({ on: "2026-03-04", pending: true, kind: "weekly", partners: 1 });
  });

  it("moves to the next Monday, or the 1st of next month, once this period's summary was sent", () => {
    expect(nextSummary(survey("open", ["p1"]), [partner("p1", "weekly")], org, [sent("p1", "2026-W10")], wednesday)).toEqual({ on: "2026-03-09", pending: false, kind: "weekly", partners: 1 });
    expect(nextSummary(survey("open", ["p2"]), [partner("p2", "monthly")], org, [sent("p2", "2026-03")], wednesday)).toEqual({ on: "2026-04-01", pending: false, kind: "monthly", partners: 1 });
    const both = nextSummary(survey("open", ["p1", "p2"]), [partner("p1", "weekly"), partner("p2", "monthly")], org, [sent("p1", "2026-W10"), sent("p2", "2026-03")], wednesday);
    expect(both).toMatchObject({ on: "2026-03-09", partners: 1 });
  });

  it("owes a final summary after close, then nothing", () => {
    expect(nextSummary(survey("closed", ["p1"]), [partner("p1", "weekly")], org, [], wednesday)).toMatchObject({ kind: "final", pending: true });
    expect(nextSummary(survey("closed", ["p1"]), [partner("p1", "weekly")], org, [sent("p1", "final")], wednesday)).toBeNull();
  });

  it("is none for a draft, an unshared survey, or a partner whose agreement has ended", () => {
    expect(nextSummary(survey("draft", ["p1"]), [partner("p1", "weekly")], org, [], wednesday)).toBeNull();
    expect(nextSummary(survey("open", []), [partner("p1", "weekly")], org, [], wednesday)).toBeNull();
    expect(nextSummary(survey("open", ["p1"]), [partner("p1", "weekly", "2026-03-01")], org, [], wednesday)).toBeNull();
  });
});
