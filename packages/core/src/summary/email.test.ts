// The summary email's rendering, on its own: untrusted text is escaped everywhere, withheld figures
// leave no trace in any part, right-to-left languages are laid out right to left, spreadsheet formulas
// are defused in the CSV, and a large district's email stays under the size Gmail clips at.
import { describe, expect, it } from "vitest";
import { Content } from "../survey/content";
import { count } from "../tally/aggregate";
import { render, type EmailInput } from "./email";
import { suppress } from "./suppress";

const content = Content.parse({
  defaultLanguage: "en",
  languages: ["en", "ar"],
  title: { en: "Check-in <script>alert(1)</script>", ar: "استبيان" },
  questions: [
    {
      id: "club",
      type: "single_choice",
      required: true,
      text: { en: "Which club?", ar: "أي نادٍ؟" },
      options: [
        { id: "chess", text: { en: "=HYPERLINK(\"http://evil.example\",\"Chess\")" } },
        { id: "art", text: { en: "Art & <b>craft</b>" } },
        { id: "rare", text: { en: "Robotics" } },
      ],
    },
  ],
});

function input(people: { site: string; club: string }[], extra: Partial<EmailInput> = {}): EmailInput {
  const data = count(content, ["site"], people.map((p) => ({ dimensions: { site: p.site }, answers: { club: p.club } })));
  return {
    language: "en",
    orgName: "Riverside <Unified>",
    partnerName: "Northside & Co",
    agreementEnd: "2027-07-31",
    content,
    period: { kind: "monthly", key: "2026-11", start: "2026-11-01" },
    release: suppress({ k: 10, data, questions: content.questions, dimensions: ["site"] }),
    comments: [{ questionId: "club", texts: ["<img src=x onerror=alert(1)> great"] }],
    unsubscribeUrl: "https://example.org/unsubscribe/partner/AAAAAAAAAAAAAAAAAAAAAA",
    ...extra,
  };
}

const crowd = (site: string, club: string, n: number) => Array.from({ length: n }, () => ({ site, club }));
const people = [...crowd("A", "chess", 20), ...crowd("A", "art", 15), ...crowd("B", "chess", 12), ...crowd("B", "art", 14), ...crowd("A", "rare", 3)];

describe("the summary email", () => {
  it("escapes every untrusted text: survey, answers, names and comments", () => {
    const out = render(input(people));
    expect(out.html).not.toMatch(/<script|<b>craft|<img/);
    expect(out.html).toContain("Check-in &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out.html).toContain("Art &amp; &lt;b&gt;craft&lt;/b&gt;");
    expect(out.html).toContain("&lt;img src=x onerror=alert(1)&gt; great");
    expect(out.html).toContain("Northside &amp; Co");
  });

  it("leaves a withheld figure out of the HTML, the text and the CSV", () => {
    const out = render(input(people));
    // Robotics: 3 families, hidden, and nothing about it is shown but its label and a dash.
    expect(out.text).toMatch(/Robotics: —/);
    for (const part of [out.html, out.text, out.csv]) expect(part).not.toMatch(/\(3\)|,3,|\b5 ?%/);
    // Only Robotics' published zero (site B) is in the CSV; A's 3 is not.
    expect(out.csv.split("\r\n").filter((l) => l.includes("Robotics"))).toEqual(["club,Which club?,site,B,Robotics,0,0,"]);
  });

  it("defuses spreadsheet formulas in the CSV", () => {
    const out = render(input(people));
    expect(out.csv).toContain(`"'=HYPERLINK(""http://evil.example"",""Chess"")"`);
    expect(out.csv.startsWith("\ufeffquestion_id,question,breakdown,group,answer,count,percent,value\r\n")).toBe(true);
  });

  it("lays out Arabic right to left, with the survey's own Arabic text", () => {
    const out = render(input(people, { language: "ar" }));
    expect(out.locale).toBe("ar");
    expect(out.html).toContain('<html lang="ar" dir="rtl">');
    expect(out.html).toContain("أي نادٍ؟");
    // An option with no Arabic text falls back to English, marked as English.
    expect(out.html).toContain('<span lang="en" dir="ltr">Robotics</span>');
  });

  it("says there is nothing to share yet below k, and attaches no figures", () => {
    const out = render(input(people.slice(0, 9)));
    expect(out.text).toContain("Fewer than 10 families have answered so far");
    expect(out.csv.trim().split("\r\n")).toHaveLength(1);
  });

  it("keeps a large district's email under the 102 KB at which Gmail clips it", () => {
    const sites = Array.from({ length: 40 }, (_, i) => `Elementary School Number ${i + 1}`);
    const many = sites.flatMap((site, i) => [...crowd(site, "chess", 20 + i), ...crowd(site, "art", 30), ...crowd(site, "rare", 12)]);
    const wide = Content.parse({ ...content, questions: Array.from({ length: 12 }, (_, i) => ({ ...content.questions[0]!, id: `club${i}` })) });
    const data = count(wide, ["site"], many.map((p) => ({ dimensions: { site: p.site }, answers: Object.fromEntries(wide.questions.map((q) => [q.id, p.club])) })));
    const release = suppress({ k: 10, data, questions: wide.questions, dimensions: ["site"] });
    const out = render({ ...input(people), content: wide, release, comments: [] });
    expect(release.breakdowns[0]!.columns).toHaveLength(6);
    expect(Buffer.byteLength(out.html)).toBeLessThan(102 * 1024);
  });
});
