// Messages to families: the email is multipart with one-click unsubscribe headers and a visible
// unsubscribe link, in the family's language and direction; the title falls back to the survey's
// default language (marked with its own lang); everything from people is escaped; the SMS carries the
// link and the opt-out hint.
import { describe, expect, it } from "vitest";
import { Message } from "./index";

const base: Message.Context = {
  kind: "invitation",
  locale: "ar",
  org: "Riverside <Unified>",
  title: { text: "استبيان الشراكة مع الأسر", lang: "ar" },
  link: "https://feedback.example.org/s/AAAAAAAAAAAAAAAAAAAAAA",
  unsubscribeUrl: "https://feedback.example.org/u/BBBBBBBBBBBBBBBBBBBBBB",
  closesAt: "2026-06-01T12:00:00Z",
  timeZone: "America/New_York",
  anonymity: "anonymous",
};

describe("email", () => {
  it("is right-to-left Arabic with the link, the closing date, a visible unsubscribe link and RFC 8058 headers", () => {
    const e = Message.email(base);
    expect(e.subject).toBe("استبيان الشراكة مع الأسر: نودّ أن نسمع رأيكم");
    expect(e.html).toMatch(/^<!doctype html><html lang="ar" dir="rtl">/);
    expect(e.html).toContain(`href="${base.link}"`);
    expect(e.html).toContain(`href="${base.unsubscribeUrl}"`);
    expect(e.html).toContain("إلغاء الاشتراك في رسائل الاستبيانات");
    expect(e.text).toContain(base.link);
    expect(e.text).toContain(base.unsubscribeUrl);
    expect(e.text).toMatch(/يُغلق الاستبيان في .*2026/);
    expect(e.headers).toEqual([
      { name: "List-Unsubscribe", value: `<${base.unsubscribeUrl}>` },
      { name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click" },
    ]);
  });

  it("keeps the subject on one line when the title has line breaks (no header injection)", () => {
    const e = Message.email({ ...base, locale: "en", title: { text: "Survey\r\nBcc: victim@example.org\u2028\u0085x", lang: "en" } });
    expect(e.subject).toBe("Survey Bcc: victim@example.org x: we would like to hear from you");
  });

  it("escapes the organisation's name and the title", () => {
    const e = Message.email({ ...base, locale: "en", title: { text: 'Survey "<b>x</b>"', lang: "en" } });
    expect(e.html).toContain("Riverside &lt;Unified&gt;");
    expect(e.html).toContain("Survey &quot;&lt;b&gt;x&lt;/b&gt;&quot;");
    expect(e.html).not.toContain("<b>x</b>");
  });

  it("marks a title that fell back to the default language with its own lang", () => {
    const title = Message.title({ en: "Family Survey", es: "Encuesta" }, "so", "en");
    expect(title).toEqual({ text: "Family Survey", lang: "en" });
    const e = Message.email({ ...base, locale: "so", title });
    expect(e.html).toContain('<span lang="en">Family Survey</span>');
    expect(Message.title({ en: "Family Survey", "zh-Hans": "家庭调查" }, "zh-Hans", "en")).toEqual({ text: "家庭调查", lang: "zh-Hans" });
  });

  it("is a reminder when it is one, and has no unsubscribe headers without a link", () => {
    const e = Message.email({ ...base, locale: "en", title: { text: "Family Survey", lang: "en" }, kind: "reminder", unsubscribeUrl: undefined });
    expect(e.subject).toBe("Reminder: Family Survey");
    expect(e.headers).toEqual([]);
  });
});

describe("SMS", () => {
  it("carries the link and the opt-out hint, and counts its segments", () => {
    const en = Message.sms({ ...base, locale: "en", org: "Riverside", title: { text: "Family Survey", lang: "en" } });
    expect(en.text).toBe(`Riverside: please answer our short survey "Family Survey": ${base.link} Reply STOP to opt out.`);
    expect(en.count).toMatchObject({ encoding: "GSM-7", segments: 1 });
    const ar = Message.sms(base);
    expect(ar.text).toContain(base.link);
    expect(ar.text).toContain("STOP");
    expect(ar.count.encoding).toBe("UCS-2");
    expect(ar.count.segments).toBeGreaterThan(en.count.segments);
  });

  it("estimates the cost of segments and emails", () => {
    expect(Message.cost(1000, 2000)).toMatchObject({ sms: 8.3, email: 0.2, total: 8.5, currency: "USD" });
  });
});
