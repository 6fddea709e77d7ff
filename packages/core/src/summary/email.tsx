// The partner summary email: HTML (hono/jsx), plain text and the CSV attachment, all from the same
// suppressed release, in the partner's language.
//
// Email clients are not browsers: Gmail drops <style> blocks in many cases and Outlook renders with
// Word. So the HTML is tables for layout, inline styles only, no images, no scripts, and bar charts are
// table cells with a background and a percentage width. hono/jsx escapes every text and attribute:
// survey titles, answers, segment names and comments are untrusted and only ever passed as text.
//
// Privacy: everything shown comes from `Release` (suppress.ts), and hidden figures are rendered as "—"
// with no count, no percentage and no bar, so neither the HTML, the text nor the CSV holds one.
import type { Child } from "hono/jsx";
import { I18n } from "../i18n";
import { summary as catalogues, type SummaryKey } from "../i18n/summary";
import { Locale } from "../locale";
import type { Content, Question } from "../survey/content";
import { oneLine } from "../util";
import { toCsv } from "./csv";
import type { Breakdown, Cell, Column, QuestionRelease, Release, Row, Stat } from "./suppress";

export type Period = { kind: "weekly" | "monthly" | "final"; key: string; /** YYYY-MM-DD: the week's Monday or the month's first day. */ start?: string };

export type EmailInput = {
  /** The partner's language (any tag; the closest supported catalogue is used). */
  language: string;
  orgName: string;
  partnerName: string;
  /** YYYY-MM-DD */
  agreementEnd: string;
  content: Content;
  period: Period;
  release: Release;
  /** Invitations answered out of invited, only when publishing the rate hides nothing. */
  rate?: { invited: number; pct: number };
  comments: { questionId: string; texts: string[] }[];
  unsubscribeUrl: string;
};

export type Rendered = { subject: string; html: string; text: string; csv: string; locale: string };

const HIDDEN = "—";

const colors = { text: "#1a202c", muted: "#4a5568", bar: "#2b6cb0", track: "#e2e8f0", page: "#f4f5f7", rule: "#e2e8f0", card: "#ffffff" };
const font = "font-family:Arial,Helvetica,sans-serif";

/** Everything the views need to speak the partner's language. */
function speech(input: EmailInput) {
  const locale = I18n.closest(input.language) ?? "en";
  const t = I18n.translator(catalogues, locale);
  const dir: "rtl" | "ltr" = Locale.isRtl(locale) ? "rtl" : "ltr";
  const number = new Intl.NumberFormat(locale);
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  const date = (day: string, opts: Intl.DateTimeFormatOptions = { dateStyle: "long" }) =>
    new Intl.DateTimeFormat(locale, { ...opts, timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
  const languages = new Intl.DisplayNames([locale], { type: "language" });
  // The survey's own language closest to the partner's, else its default (shown with its own lang).
  const surveyLanguage = input.content.languages.find((l) => I18n.closest(l) === locale) ?? input.content.defaultLanguage;
  const text = (value: Locale.Text | undefined) => (value ? Locale.pick(value, surveyLanguage, input.content.defaultLanguage) : { text: "", lang: surveyLanguage });
  const segment = (col: Column) => {
    if (col.dimension === null) return t("table.all");
    if (col.other) return t("segment.other");
    const value = col.values[0]!;
    if (value === "") return t("segment.unknown");
    if (col.dimension === "channel" && ["email", "sms", "public"].includes(value)) return t(`channel.${value}` as SummaryKey);
    if (col.dimension === "language" && Locale.Tag.safeParse(value).success) return languages.of(value) ?? value;
    return value;
  };
  const period =
    input.period.kind === "final"
      ? t("period.final")
      : input.period.kind === "weekly"
        ? t("period.week", { date: date(input.period.start!) })
        : date(input.period.start!, { month: "long", year: "numeric" });
  return { locale, t, dir, number, decimal, percent, date, text, segment, period, surveyLanguage };
}

type Speech = ReturnType<typeof speech>;

/** One row's label: an option, a likert point, a rating group, or "no answer". */
function rowLabel(s: Speech, q: Question, row: Row): { text: string; lang: string } {
  if (row.kind === "no_answer") return { text: s.t("question.no_answer"), lang: s.locale };
  if (q.type === "rating") return { text: s.t(`rating.${row.key}` as SummaryKey), lang: s.locale };
  if (q.type === "likert") return s.text(q.labels[Number(row.key) - 1]);
  if ("options" in q) return s.text(q.options.find((o) => o.id === row.key)?.text);
  return { text: row.key, lang: s.locale };
}

const show = (s: Speech, c: Cell) => (c ? `${s.percent.format(c.pct / 100)} (${s.number.format(c.count)})` : HIDDEN);

/** Rows worth showing: a "no answer" row that is zero everywhere it is shown says nothing. */
function visibleRows(q: QuestionRelease) {
  return q.rows.filter((r) => r.kind !== "no_answer" || [r.all, ...Object.values(r.by).flat()].some((c) => c === null || c.count > 0));
}

// ---------- HTML ----------

function Say(props: { s: Speech; value: { text: string; lang: string } }) {
  const { value, s } = props;
  if (value.lang === s.locale || I18n.closest(value.lang) === s.locale) return <>{value.text}</>;
  return (
    <span lang={value.lang} dir={Locale.isRtl(value.lang) ? "rtl" : "ltr"}>
      {value.text}
    </span>
  );
}

function Bar(props: { pct: number | undefined }) {
  const pct = props.pct;
  if (pct === undefined) {
    return (
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">
        <tr>
          <td style={`height:12px;font-size:0;line-height:0;border:1px dashed ${colors.track}`}>&nbsp;</td>
        </tr>
      </table>
    );
  }
  return (
    <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">
      <tr>
        {pct > 0 && <td width={`${pct}%`} style={`width:${pct}%;height:12px;background:${colors.bar};font-size:0;line-height:0`}>&nbsp;</td>}
        {pct < 100 && <td style={`height:12px;background:${colors.track};font-size:0;line-height:0`}>&nbsp;</td>}
      </tr>
    </table>
  );
}

function P(props: { children: Child; muted?: boolean; size?: number; style?: string }) {
  return (
    <p style={`margin:0 0 12px;${font};font-size:${props.size ?? 15}px;line-height:1.5;color:${props.muted ? colors.muted : colors.text};${props.style ?? ""}`}>
      {props.children}
    </p>
  );
}

function Overall(props: { s: Speech; q: Question; rows: Row[] }) {
  const { s } = props;
  const align = s.dir === "rtl" ? "right" : "left";
  const far = s.dir === "rtl" ? "left" : "right";
  return (
    <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 8px">
      {props.rows.map((row) => (
        <tr>
          <td width="38%" valign="middle" style={`width:38%;padding:4px 8px 4px 0;${font};font-size:14px;color:${colors.text};text-align:${align}`}>
            <Say s={s} value={rowLabel(s, props.q, row)} />
          </td>
          <td width="40%" valign="middle" style="width:40%;padding:4px 0">
            <Bar pct={row.all?.pct} />
          </td>
          <td width="22%" valign="middle" style={`width:22%;padding:4px 0 4px 8px;${font};font-size:14px;color:${colors.text};text-align:${far};white-space:nowrap`}>
            {show(s, row.all)}
          </td>
        </tr>
      ))}
    </table>
  );
}

function Comparison(props: { s: Speech; q: Question; rows: Row[]; breakdown: Breakdown; stats?: (Stat)[] }) {
  const { s, breakdown } = props;
  // Only rows with at least one figure shown: a row of dashes tells a partner nothing.
  const rows = props.rows.filter((r) => (r.by[breakdown.dimension] ?? []).some(Boolean));
  const anyStat = props.stats?.some(Boolean);
  if (rows.length === 0 && !anyStat) return null;
  const align = s.dir === "rtl" ? "right" : "left";
  // Figures are the bulk of the email, so their cells carry the least style: font and colour are set
  // once on the table (inherited everywhere but old Outlook, which falls back to its own sans-serif).
  // Gmail clips messages over 102 KB, and a clipped summary hides its privacy footer.
  const th = `padding:5px;font-size:12px;color:${colors.muted};border-bottom:1px solid ${colors.rule}`;
  const td = `padding:5px;border-bottom:1px solid ${colors.rule}`;
  const header = `by.${breakdown.dimension}` as SummaryKey;
  return (
    <>
      <P size={13} muted style="margin:12px 0 4px;font-weight:bold">
        {s.t(header)}
      </P>
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style={`border-collapse:collapse;margin:0 0 8px;${font};font-size:13px;color:${colors.text};text-align:center`}>
        <tr>
          <th style={`${th};text-align:${align}`}>{s.t("table.answer")}</th>
          {breakdown.columns.map((col) => (
            <th style={th}>
              {s.segment(col)}
              <br />
              <span style="font-weight:normal">{s.t("table.n", { count: col.n })}</span>
            </th>
          ))}
        </tr>
        {rows.map((row) => (
          <tr>
            <td style={`${td};text-align:${align}`}>
              <Say s={s} value={rowLabel(s, props.q, row)} />
            </td>
            {(row.by[breakdown.dimension] ?? []).map((c) => (
              <td style={td} nowrap>
                {c ? s.percent.format(c.pct / 100) : HIDDEN}
              </td>
            ))}
          </tr>
        ))}
        {anyStat && (
          <tr>
            <td style={`${td};text-align:${align}`}>{s.t("table.average")}</td>
            {props.stats!.map((st) => (
              <td style={td} nowrap>
                {st ? s.decimal.format(st.mean) : HIDDEN}
              </td>
            ))}
          </tr>
        )}
      </table>
    </>
  );
}

function QuestionSection(props: { s: Speech; q: Question; release: Release; r: QuestionRelease; index: number }) {
  const { s, q, r } = props;
  const rows = visibleRows(r);
  const average = r.stats?.all;
  return (
    <tr>
      <td style={`padding:20px 24px 8px;border-top:1px solid ${colors.rule}`}>
        <h2 style={`margin:0 0 10px;${font};font-size:17px;line-height:1.35;color:${colors.text}`}>
          {s.number.format(props.index)}. <Say s={s} value={s.text(q.text)} />
        </h2>
        {r.withheld ? (
          <P muted size={14}>
            {s.t("question.withheld")}
          </P>
        ) : (
          <>
            {q.type === "multiple_choice" && (
              <P muted size={13}>
                {s.t("question.many")}
              </P>
            )}
            {rows.length > 0 && <Overall s={s} q={q} rows={rows} />}
            {average && (
              <P size={14}>
                {q.type === "rating"
                  ? s.t("rating.average", { mean: s.decimal.format(average.mean), median: average.median === null ? HIDDEN : s.decimal.format(average.median) })
                  : s.t("number.average", { mean: s.decimal.format(average.mean) })}
              </P>
            )}
            {props.release.breakdowns.map((b) => (
              <Comparison s={s} q={q} rows={rows} breakdown={b} stats={r.stats?.by[b.dimension]} />
            ))}
          </>
        )}
      </td>
    </tr>
  );
}

function Email(props: { s: Speech; input: EmailInput; subject: string }) {
  const { s, input } = props;
  const { release } = input;
  const questions = input.content.questions;
  const link = `color:${colors.bar};text-decoration:underline`;
  const shown = release.questions.filter((r) => r.rows.length > 0 || r.stats || r.withheld);
  const commented = input.comments.filter((c) => c.texts.length > 0);
  return (
    <html lang={s.locale} dir={s.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{props.subject}</title>
      </head>
      <body style={`margin:0;padding:0;background:${colors.page}`}>
        <div style="display:none;max-height:0;overflow:hidden">
          {release.respondents === null ? s.t("headline.too_few", { k: release.k }) : s.t("headline.respondents", { count: release.respondents })}
        </div>
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style={`border-collapse:collapse;background:${colors.page}`}>
          <tr>
            <td align="center" style="padding:24px 12px">
              <table role="presentation" width="600" cellpadding="0" cellspacing="0" dir={s.dir} style={`border-collapse:collapse;width:100%;max-width:600px;background:${colors.card}`}>
                <tr>
                  <td style="padding:24px 24px 8px">
                    <P muted size={13} style="margin:0 0 4px">
                      {input.orgName}
                    </P>
                    <h1 style={`margin:0 0 6px;${font};font-size:22px;line-height:1.3;color:${colors.text}`}>{s.t("heading", { partner: input.partnerName })}</h1>
                    <P size={16} style="margin:0 0 4px;font-weight:bold">
                      <Say s={s} value={s.text(input.content.title)} />
                    </P>
                    <P muted size={14}>
                      {s.period}
                    </P>
                    <P muted size={14}>
                      {s.t("intro", { org: input.orgName, partner: input.partnerName })}
                    </P>
                  </td>
                </tr>
                <tr>
                  <td style="padding:8px 24px 16px">
                    <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;background:#ebf4ff">
                      <tr>
                        <td style="padding:16px">
                          {release.respondents === null ? (
                            <P size={15} style="margin:0">
                              {s.t("headline.too_few", { k: release.k })}
                            </P>
                          ) : (
                            <>
                              <P size={24} style="margin:0 0 4px;font-weight:bold">
                                {s.t("headline.respondents", { count: release.respondents })}
                              </P>
                              {input.rate && (
                                <P size={15} style="margin:0">
                                  {s.t("headline.rate", { rate: s.number.format(input.rate.pct), invited: input.rate.invited })}
                                </P>
                              )}
                            </>
                          )}
                        </td>
                      </tr>
                    </table>
                  </td>
                </tr>
                {shown.map((r, i) => (
                  <QuestionSection s={s} q={questions.find((q) => q.id === r.id)!} release={release} r={r} index={i + 1} />
                ))}
                {commented.length > 0 && (
                  <tr>
                    <td style={`padding:20px 24px 8px;border-top:1px solid ${colors.rule}`}>
                      <h2 style={`margin:0 0 6px;${font};font-size:17px;color:${colors.text}`}>{s.t("comments.heading")}</h2>
                      <P muted size={13}>
                        {s.t("comments.note")}
                      </P>
                      {commented.map((c) => (
                        <>
                          <P size={14} style="margin:12px 0 6px;font-weight:bold">
                            <Say s={s} value={s.text(questions.find((q) => q.id === c.questionId)?.text)} />
                          </P>
                          {c.texts.map((text) => (
                            <P size={14} style={`margin:0 0 8px;padding:8px 12px;background:${colors.page};border-${s.dir === "rtl" ? "right" : "left"}:3px solid ${colors.bar}`}>
                              <span dir="auto">{text}</span>
                            </P>
                          ))}
                        </>
                      ))}
                    </td>
                  </tr>
                )}
                {release.respondents !== null && (
                  <tr>
                    <td style={`padding:20px 24px 8px;border-top:1px solid ${colors.rule}`}>
                      <h2 style={`margin:0 0 6px;${font};font-size:15px;color:${colors.text}`}>{s.t("withheld.heading")}</h2>
                      <P size={14}>{release.withheld.cells > 0 ? s.t("withheld.cells", { count: release.withheld.cells, k: release.k }) : s.t("withheld.none")}</P>
                      {release.withheld.segments > 0 && <P size={14}>{s.t("withheld.segments", { k: release.k })}</P>}
                    </td>
                  </tr>
                )}
                <tr>
                  <td style={`padding:16px 24px 24px;border-top:1px solid ${colors.rule};background:#f7fafc`}>
                    <P muted size={12}>
                      {s.t("footer.privacy", { k: release.k })}
                    </P>
                    <P muted size={12}>
                      {s.t("footer.agreement", { partner: input.partnerName, org: input.orgName, end: s.date(input.agreementEnd) })}
                    </P>
                    {release.respondents !== null && (
                      <P muted size={12}>
                        {s.t("footer.csv")}
                      </P>
                    )}
                    <P muted size={12} style="margin:0">
                      <a href={input.unsubscribeUrl} style={link}>
                        {s.t("footer.unsubscribe")}
                      </a>
                    </P>
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
}

// ---------- plain text ----------

function plain(s: Speech, input: EmailInput, subject: string) {
  const { release } = input;
  const out: string[] = [subject, "", s.t("heading", { partner: input.partnerName }), s.text(input.content.title).text, s.period, "", s.t("intro", { org: input.orgName, partner: input.partnerName }), ""];
  if (release.respondents === null) out.push(s.t("headline.too_few", { k: release.k }), "");
  else {
    out.push(s.t("headline.respondents", { count: release.respondents }));
    if (input.rate) out.push(s.t("headline.rate", { rate: s.number.format(input.rate.pct), invited: input.rate.invited }));
    out.push("");
  }
  const shown = release.questions.filter((r) => r.rows.length > 0 || r.stats || r.withheld);
  shown.forEach((r, i) => {
    const q = input.content.questions.find((x) => x.id === r.id)!;
    out.push(`${s.number.format(i + 1)}. ${s.text(q.text).text}`);
    if (r.withheld) {
      out.push(`   ${s.t("question.withheld")}`, "");
      return;
    }
    if (q.type === "multiple_choice") out.push(`   ${s.t("question.many")}`);
    const rows = visibleRows(r);
    for (const row of rows) out.push(`   ${rowLabel(s, q, row).text}: ${show(s, row.all)}`);
    const average = r.stats?.all;
    if (average)
      out.push(
        `   ${
          q.type === "rating"
            ? s.t("rating.average", { mean: s.decimal.format(average.mean), median: average.median === null ? HIDDEN : s.decimal.format(average.median) })
            : s.t("number.average", { mean: s.decimal.format(average.mean) })
        }`,
      );
    for (const b of release.breakdowns) {
      const shownRows = rows.filter((row) => (row.by[b.dimension] ?? []).some(Boolean));
      const stats = r.stats?.by[b.dimension];
      if (shownRows.length === 0 && !stats?.some(Boolean)) continue;
      out.push(`   ${s.t(`by.${b.dimension}` as SummaryKey)}: ${b.columns.map((c) => `${s.segment(c)} (${s.t("table.n", { count: c.n })})`).join(" | ")}`);
      for (const row of shownRows) out.push(`     ${rowLabel(s, q, row).text}: ${(row.by[b.dimension] ?? []).map((c) => (c ? s.percent.format(c.pct / 100) : HIDDEN)).join(" | ")}`);
      if (stats?.some(Boolean)) out.push(`     ${s.t("table.average")}: ${stats.map((st) => (st ? s.decimal.format(st.mean) : HIDDEN)).join(" | ")}`);
    }
    out.push("");
  });
  const commented = input.comments.filter((c) => c.texts.length > 0);
  if (commented.length) {
    out.push(s.t("comments.heading"), s.t("comments.note"), "");
    for (const c of commented) {
      out.push(s.text(input.content.questions.find((q) => q.id === c.questionId)?.text).text);
      for (const text of c.texts) out.push(`   “${text}”`);
      out.push("");
    }
  }
  if (release.respondents !== null) {
    out.push(s.t("withheld.heading"), release.withheld.cells > 0 ? s.t("withheld.cells", { count: release.withheld.cells, k: release.k }) : s.t("withheld.none"));
    if (release.withheld.segments > 0) out.push(s.t("withheld.segments", { k: release.k }));
    out.push("");
  }
  out.push("--", s.t("footer.privacy", { k: release.k }), s.t("footer.agreement", { partner: input.partnerName, org: input.orgName, end: s.date(input.agreementEnd) }));
  if (release.respondents !== null) out.push(s.t("footer.csv"));
  out.push(`${s.t("footer.unsubscribe")}: ${input.unsubscribeUrl}`);
  return out.join("\n") + "\n";
}

// ---------- CSV ----------

function csvOf(s: Speech, input: EmailInput) {
  const { release } = input;
  const rows: (string | number | null)[][] = [["question_id", "question", "breakdown", "group", "answer", "count", "percent", "value"]];
  if (release.respondents === null) return toCsv(rows);
  const all: Column = { dimension: null, values: [""], other: false, n: release.respondents };
  rows.push(["", "", "all", s.segment(all), "respondents", release.respondents, null, null]);
  for (const b of release.breakdowns) for (const c of b.columns) rows.push(["", "", b.dimension, s.segment(c), "respondents", c.n, null, null]);
  if (input.rate) rows.push(["", "", "all", s.segment(all), "invited", input.rate.invited, input.rate.pct, null]);
  for (const r of release.questions) {
    if (r.withheld) continue;
    const q = input.content.questions.find((x) => x.id === r.id)!;
    const question = s.text(q.text).text;
    const push = (breakdown: string, col: Column, row: Row, c: Cell) => {
      if (c) rows.push([q.id, question, breakdown, s.segment(col), rowLabel(s, q, row).text, c.count, c.pct, null]);
    };
    const stat = (breakdown: string, col: Column, st: Stat) => {
      if (!st) return;
      rows.push([q.id, question, breakdown, s.segment(col), "mean", st.n, null, st.mean]);
      if (st.median !== null) rows.push([q.id, question, breakdown, s.segment(col), "median", st.n, null, st.median]);
    };
    for (const row of visibleRows(r)) {
      push("all", all, row, row.all);
      for (const b of release.breakdowns) b.columns.forEach((col, j) => push(b.dimension, col, row, row.by[b.dimension]![j]!));
    }
    if (r.stats) {
      stat("all", all, r.stats.all);
      for (const b of release.breakdowns) b.columns.forEach((col, j) => stat(b.dimension, col, r.stats!.by[b.dimension]![j]!));
    }
  }
  return toCsv(rows);
}

/** Renders the email (subject, HTML, text) and its CSV attachment from a release. */
export function render(input: EmailInput): Rendered {
  const s = speech(input);
  const title = s.text(input.content.title).text;
  const subject = oneLine(input.period.kind === "final" ? s.t("subject.final", { survey: title }) : s.t("subject", { survey: title, period: s.period }));
  const html = "<!DOCTYPE html>" + String(<Email s={s} input={input} subject={subject} />);
  return { subject, html, text: plain(s, input, subject), csv: csvOf(s, input), locale: s.locale };
}
