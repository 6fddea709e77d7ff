// What every family-facing app shares: the Lambda for forms and the one for unsubscribe links serve
// pages with the same headers, body limit, request log, language choice and status pages (translated,
// with the right HTTP status), so a family sees the same page for the same problem whichever
// function answered.
import type { Context } from "hono";
import { Hono } from "hono/tiny";
import { VisibleError } from "@feedback/core/error";
import { I18n } from "@feedback/core/i18n";
import { formCatalogue, type FormKey } from "@feedback/core/i18n/form";
import { Locale } from "@feedback/core/locale";
import { Log } from "@feedback/core/log";
import type { Survey } from "@feedback/core/survey";
import { isTransient, limitBody, requestLog, secure } from "../http/common";
import { MessagePage, type Speech } from "./views";

// ---------- language ----------

export function speech(c: Context, opts: { content?: Survey.Content; invitationLanguage?: string; chosen?: string }): Speech {
  const query = c.req.query("lang");
  // DESIGN §5: the invitation's language, then ?lang=, then Accept-Language, then the survey default.
  // A language the family picked with the switcher (kept in their draft) comes before all of them.
  const locale =
    I18n.closest(opts.chosen) ??
    I18n.closest(opts.invitationLanguage) ??
    I18n.closest(query) ??
    I18n.fromAcceptLanguage(c.req.header("accept-language")) ??
    I18n.closest(opts.content?.defaultLanguage) ??
    "en";
  return speechFor(locale, opts.content);
}

/** A page's language once the locale is chosen (also used by the console's preview of a draft). */
export function speechFor(locale: string, content: Survey.Content | undefined): Speech {
  // Only this locale's catalogue is read (and English, should it lack a key).
  const t = I18n.translator(formCatalogue, locale);
  const offered = content ? content.languages.map((l) => I18n.closest(l)).filter((l): l is string => Boolean(l)) : [...Locale.supported];
  const tags = [...new Set([...offered, locale])];
  return {
    t,
    locale,
    // Each language in itself, without reading its catalogue.
    languages: tags.map((tag) => ({ tag, name: I18n.autonyms[tag] ?? tag })),
    // Survey content in the interface language when the survey has it, else the default language.
    text: (text) => {
      if (!text || !content) return { text: "", lang: locale };
      const own = content.languages.find((l) => I18n.closest(l) === locale);
      return Locale.pick(text, own ?? content.defaultLanguage, content.defaultLanguage);
    },
  };
}

export const withLang = (c: Context, tag: string) => {
  const url = new URL(c.req.url);
  url.searchParams.set("lang", tag);
  return `${url.pathname}?${url.searchParams}`;
};

// ---------- pages ----------

const STATUS: Record<string, { status: 400 | 403 | 404 | 409 | 410 | 429 | 500 | 503; key: string }> = {
  not_found: { status: 404, key: "status.not_found" },
  answered: { status: 409, key: "status.answered" },
  closed: { status: 410, key: "status.closed" },
  not_yet_open: { status: 403, key: "status.not_yet_open" },
  rate_limited: { status: 429, key: "status.rate_limited" },
  expired_form: { status: 403, key: "status.expired_form" },
  bad_request: { status: 400, key: "status.expired_form" },
  error: { status: 500, key: "status.error" },
  // The store could not be reached before the page could be built: nothing on screen to keep, so the
  // general "try again in a few minutes" text (the form's own banner says the answers are kept).
  unavailable: { status: 503, key: "status.error" },
};

export function statusPage(c: Context, kind: keyof typeof STATUS, s?: Speech) {
  const { status, key } = STATUS[kind]!;
  s ??= speech(c, {});
  c.header("Cache-Control", "no-store");
  return c.html(
    "<!doctype html>" +
      (<MessagePage s={s} title={s.t(`${key}.title` as FormKey)} body={s.t(`${key}.body` as FormKey)} href={(tag) => withLang(c, tag)} />),
    status,
  );
}

export function limited(c: Context, err: VisibleError) {
  const retry = Number(err.details?.retryAfter ?? 60);
  c.header("Retry-After", String(Math.max(1, retry)));
  return statusPage(c, "rate_limited");
}

/** A family-facing app: strict headers, a 64 KB body limit, the request log and translated error pages. */
export function familyApp() {
  return new Hono()
    .use(requestLog, secure(), limitBody(64 * 1024))
    .notFound((c) => statusPage(c, "not_found"))
    .onError((err, c) => {
      if (err instanceof VisibleError) {
        if (err.kind === "rate_limited") return limited(c, err);
        if (err.kind === "not_found") return statusPage(c, "not_found");
        if (err.code === "response.already_submitted") return statusPage(c, "answered");
        if (err.kind === "input") return statusPage(c, "bad_request");
      }
      if (isTransient(err)) {
        Log.warn("form.unavailable", { route: c.req.routePath, error: err });
        return statusPage(c, "unavailable");
      }
      Log.error("http.unhandled", { route: c.req.routePath, method: c.req.method, error: err });
      return statusPage(c, "error");
    });
}
