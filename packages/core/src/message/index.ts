// Messages to families: the invitation and reminder as an email (HTML and text, with one-click
// unsubscribe) and as a text message (short, with the opt-out hint carriers require), in the
// family's language. Pure functions of their inputs, so the launch preview shows exactly what the
// send worker sends.
//
// Every value that comes from people (the organisation's name, the survey title, a translation) is
// untrusted text: it is escaped in HTML, and the catalogues hold no markup at all.
export * as Message from "./index";

import { I18n } from "../i18n";
import { messages, type MessageKey } from "../i18n/messages";
import { Locale } from "../locale";
import { oneLine } from "../util";
import { count, emailPrice, smsPricePerSegment, type Count } from "./segments";

export { count, isGsm7, smsPricePerSegment, emailPrice } from "./segments";
export type { Count, Encoding } from "./segments";

export type Kind = "invitation" | "reminder";

export type Context = {
  kind: Kind;
  /** A supported locale: the family's language. */
  locale: string;
  org: string;
  /** The survey title as `title()` picked it for this locale. */
  title: { text: string; lang: string };
  /** The family's personal link. */
  link: string;
  /** Email only: the one-click unsubscribe URL (RFC 8058). */
  unsubscribeUrl?: string;
  closesAt?: string;
  timeZone: string;
  anonymity: "anonymous" | "confidential";
};

/** The survey title in the family's language, or in the survey's default language when it lacks one. */
export function title(text: Locale.Text, locale: string, defaultLanguage: string) {
  const own = Object.keys(text).find((tag) => I18n.closest(tag) === locale);
  return Locale.pick(text, own ?? defaultLanguage, defaultLanguage);
}

/** The supported locale a contact's language tag maps to (English when none does). */
export const localeOf = (tag: string) => I18n.closest(tag) ?? "en";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function closing(ctx: Context) {
  if (!ctx.closesAt) return undefined;
  const date = new Intl.DateTimeFormat(ctx.locale, { dateStyle: "long", timeZone: ctx.timeZone }).format(new Date(ctx.closesAt));
  return I18n.translator(messages, ctx.locale)("email.closes", { date });
}

export type Email = { subject: string; html: string; text: string; headers: { name: string; value: string }[] };

export function email(ctx: Context): Email {
  const t = I18n.translator(messages, ctx.locale);
  const k = (key: "subject" | "intro") => `email.${ctx.kind}.${key}` as MessageKey;
  const subject = oneLine(t(k("subject"), { title: ctx.title.text }));
  const intro = t(k("intro"), { org: ctx.org });
  const privacy = t(ctx.anonymity === "anonymous" ? "email.anonymous" : "email.confidential");
  const closes = closing(ctx);
  const dir = Locale.isRtl(ctx.locale) ? "rtl" : "ltr";
  // The title keeps its own language when it fell back to the default, so screen readers say it right.
  const titleHtml = ctx.title.lang === ctx.locale ? escape(ctx.title.text) : `<span lang="${escape(ctx.title.lang)}">${escape(ctx.title.text)}</span>`;
  const html =
    `<!doctype html><html lang="${escape(ctx.locale)}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(subject)}</title></head>` +
    `<body style="margin:0;padding:24px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:17px;line-height:1.5;color:#1a1a1a;background:#ffffff">` +
    `<h1 style="font-size:22px;margin:0 0 16px">${titleHtml}</h1>` +
    `<p>${escape(intro)}</p>` +
    `<p style="margin:24px 0"><a href="${escape(ctx.link)}" style="display:inline-block;padding:12px 20px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600">${escape(t("email.action"))}</a></p>` +
    `<p style="font-size:15px">${escape(t("email.link_help"))}<br><a href="${escape(ctx.link)}" dir="ltr">${escape(ctx.link)}</a></p>` +
    `<p>${escape(privacy)}${closes ? ` ${escape(closes)}` : ""}</p>` +
    `<hr style="border:0;border-top:1px solid #ddd;margin:24px 0">` +
    `<p style="font-size:14px;color:#555">${escape(t("email.footer", { org: ctx.org }))}` +
    (ctx.unsubscribeUrl ? ` <a href="${escape(ctx.unsubscribeUrl)}" style="color:#555">${escape(t("email.unsubscribe"))}</a>` : "") +
    `</p></body></html>`;
  const text = [
    ctx.title.text,
    "",
    intro,
    "",
    `${t("email.action")}: ${ctx.link}`,
    "",
    [privacy, closes].filter(Boolean).join(" "),
    "",
    "--",
    t("email.footer", { org: ctx.org }),
    ...(ctx.unsubscribeUrl ? [`${t("email.unsubscribe")}: ${ctx.unsubscribeUrl}`] : []),
  ].join("\n");
  const headers = ctx.unsubscribeUrl
    ? [
        // RFC 2369 and RFC 8058: mail clients show "Unsubscribe" and POST to the URL in one click.
        { name: "List-Unsubscribe", value: `<${ctx.unsubscribeUrl}>` },
        { name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click" },
      ]
    : [];
  return { subject, html, text, headers };
}

export function sms(ctx: Omit<Context, "unsubscribeUrl">): { text: string; count: Count } {
  const t = I18n.translator(messages, ctx.locale);
  const body = t(ctx.kind === "invitation" ? "sms.invitation" : "sms.reminder", { org: ctx.org, title: ctx.title.text, link: ctx.link });
  const text = `${body} ${t("sms.opt_out")}`;
  return { text, count: count(text) };
}

/** A keyword reply (HELP, STOP, START) in the family's language. */
export function reply(kind: "help" | "stopped" | "started", locale: string, org: string) {
  const text = I18n.translator(messages, locale)(`sms.${kind}`, { org });
  return { text, count: count(text) };
}

/** Estimated cost in US dollars of sending these. */
export function cost(smsSegments: number, emails: number) {
  const sms = smsSegments * smsPricePerSegment();
  const mail = emails * emailPrice();
  return { sms: round(sms), email: round(mail), total: round(sms + mail), currency: "USD" as const, pricePerSegment: smsPricePerSegment(), pricePerEmail: emailPrice() };
}
const round = (n: number) => Math.round(n * 100) / 100;
