// The family form app: server-rendered pages that work without JavaScript, served by the form Lambda
// and mounted unchanged by the local server.
//
//   GET  /s/:token          a personal link: resumes where the family stopped
//   POST /s/:token          saves the step (next, back, change language, go to a question) or submits
//   GET  /s/:token/done     thank-you page
//   GET  /p/:slug …         the same for a survey's public link (per-device cookie, per-IP limit)
//
// Each POST saves the step's answers in a draft and redirects (post/redirect/get), so reopening the
// link resumes, and reloading never resubmits. Errors are shown on the page they belong to, in the
// family's language, with what was typed kept.
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { VisibleError } from "@feedback/core/error";
import { I18n } from "@feedback/core/i18n";
import { Log } from "@feedback/core/log";
import { RateLimit } from "@feedback/core/ratelimit";
import * as Response from "@feedback/core/response";
import { openLink, saveDraft, type Draft, type Owner } from "@feedback/core/response/draft";
import { openDevice, submitPublic } from "@feedback/core/response/public";
import * as Survey from "@feedback/core/survey";
import { createToken } from "@feedback/core/util";
import { clientIp, isHttps, isTransient } from "../http/common";
import { readStep, stepIndex, steps, toRaw, type Raw } from "./flow";
import { css, cssPath } from "./style";
import { familyApp, limited, speech, statusPage, withLang } from "./shell";
import { MessagePage, ReviewPage, StepPage, type Speech } from "./views";

/** Unknown tokens per IP: guessing is slowed to a crawl, while a family's valid link always opens. */
const TOKEN_MISSES: RateLimit.Rule = { bucket: "token-miss", limit: Number(process.env.TOKEN_MISS_LIMIT ?? 20), windowSeconds: 900 };
/** Public-link submissions per IP (a school's shared network must still fit an evening's answers). */
const PUBLIC_SUBMITS: RateLimit.Rule = { bucket: "public-submit", limit: Number(process.env.PUBLIC_SUBMIT_LIMIT ?? 60), windowSeconds: 3600 };

const CSRF_COOKIE = "fc";
const DEVICE_COOKIE = "fd";

type Loaded = NonNullable<Awaited<ReturnType<typeof Survey.forFamily>>>;

/** A link being answered: a personal invitation or a public link on one device. */
type Target = {
  base: string;
  owner: Owner;
  survey: Loaded;
  invitationLanguage?: string;
  answered: boolean;
  /** What was saved so far (read together with the link, in one query). */
  draft: Draft | undefined;
  submit: (answers: Response.Answers, locale: string) => Promise<unknown>;
};

function thanksPage(c: Context, s: Speech) {
  c.header("Cache-Control", "no-store");
  return c.html("<!doctype html>" + (<MessagePage s={s} title={s.t("thanks.title")} body={s.t("thanks.body")} href={(tag) => withLang(c, tag)} />));
}

/** A random per-browser value, echoed in each form: a cross-site page can post but cannot read it. */
function csrfToken(c: Context) {
  let token = getCookie(c, CSRF_COOKIE);
  if (!token || !/^[A-Za-z0-9_-]{22}$/.test(token)) {
    token = createToken();
    setCookie(c, CSRF_COOKIE, token, { httpOnly: true, sameSite: "Lax", path: "/", secure: isHttps(c) });
  }
  return token;
}

/** CSRF for forms that must work without JavaScript: Origin must be ours when sent, and the token must match. */
function csrfOk(c: Context, body: Record<string, unknown>) {
  const origin = c.req.header("origin");
  if (origin && origin !== "null" && origin !== new URL(c.req.url).origin) {
    const forwarded = c.req.header("x-forwarded-host");
    if (!forwarded || new URL(origin).host !== forwarded) return false;
  }
  const cookie = getCookie(c, CSRF_COOKIE);
  return Boolean(cookie) && body._csrf === cookie;
}

type View = { draft: Draft; errors?: Response.FieldError[]; values?: Raw; banner?: "unavailable"; status?: 200 | 400 | 503 };

function render(c: Context, target: Target, view: View) {
  const { content, info } = target.survey;
  const s = speech(c, { content, invitationLanguage: target.invitationLanguage, chosen: view.draft.lang });
  const csrf = csrfToken(c);
  c.header("Cache-Control", "no-store");
  const all = steps(content, view.draft.answers);
  const banner = view.banner ? { title: s.t("status.unavailable.title"), body: s.t("status.unavailable.body") } : undefined;
  if (view.draft.at === "review") {
    const questions = all.flat();
    return c.html(
      "<!doctype html>" +
        (<ReviewPage s={s} action={target.base} csrf={csrf} content={content} questions={questions} answers={view.draft.answers} total={all.length + 1} banner={banner} />),
      view.status ?? 200,
    );
  }
  const index = stepIndex(content, all, view.draft.at);
  const page = (token: string) =>
    "<!doctype html>" +
    (
      <StepPage
        s={s}
        action={target.base}
        csrf={token}
        content={content}
        anonymity={info.anonymity}
        step={all[index] ?? []}
        index={index}
        total={all.length}
        values={view.values ?? toRaw(view.draft.answers)}
        errors={view.errors ?? []}
        banner={banner}
      />
    );
  const fresh = target.owner.kind === "device" && !view.errors && !view.values && !view.banner && !view.draft.at && !view.draft.lang && !Object.keys(view.draft.answers).length;
  if (!fresh) return c.html(page(csrf), view.status ?? 200);
  // A public link's first page, before anything is answered, is the same for every visitor in a
  // language but for their CSRF token: rendered once per (version, language), then only the token is
  // put in. It is most of launch night's page views, and what a shared link shows its crowd.
  const key = [info.id, target.survey.version, info.anonymity, s.locale, target.base].join("|");
  let parts = firstPages.get(key);
  if (!parts) {
    const marker = createToken(); // random, so it cannot occur in the survey's own text
    parts = page(marker).split(marker);
    if (firstPages.size >= FIRST_PAGES) firstPages.delete(firstPages.keys().next().value!);
    firstPages.set(key, parts);
  }
  return c.html(parts.join(csrf), view.status ?? 200);
}

/** Rendered first pages of public links, split where the CSRF token goes (bounded; oldest out first). */
const firstPages = new Map<string, string[]>();
const FIRST_PAGES = 500;

/** The checks every request to a link goes through, in the order a family should hear about them. */
function gate(c: Context, target: Target, s: Speech) {
  if (target.answered) return statusPage(c, "answered", s);
  const state = Survey.availability(target.survey.info);
  if (state !== "open") return statusPage(c, state, s);
  return undefined;
}

async function show(c: Context, target: Target) {
  const draft = target.draft ?? {
    surveyId: target.survey.info.id,
    version: target.survey.version,
    answers: {},
  };
  const s = speech(c, { content: target.survey.content, invitationLanguage: target.invitationLanguage, chosen: draft.lang });
  return gate(c, target, s) ?? render(c, target, { draft });
}

/** The posted form; a body that cannot be read as one (wrong or lying content type) is the sender's error. */
async function readForm(c: Context) {
  try {
    return await c.req.parseBody({ all: true });
  } catch (cause) {
    throw new VisibleError("input", "request.malformed", "The form could not be read.", { cause: String(cause).slice(0, 100) });
  }
}

async function handlePost(c: Context, target: Target) {
  const body = await readForm(c);
  const draft: Draft = target.draft ?? { surveyId: target.survey.info.id, version: target.survey.version, answers: {} };
  const s = speech(c, { content: target.survey.content, invitationLanguage: target.invitationLanguage, chosen: draft.lang });
  if (!csrfOk(c, body)) return statusPage(c, "expired_form", s);
  const closed = gate(c, target, s);
  if (closed) return closed;

  const { content } = target.survey;
  const action = typeof body._action === "string" ? body._action : "next";
  const at = typeof body._at === "string" ? body._at : undefined;
  let all = steps(content, draft.answers);
  const onReview = at === "review";
  const index = onReview ? all.length : stepIndex(content, all, at);
  const step = onReview ? [] : all[index] ?? [];

  // This step's answers replace what was saved for its questions; the rest of the draft stays.
  const { raw, typed } = readStep(step, body);
  const merged: Record<string, unknown> = { ...draft.answers };
  for (const q of step) delete merged[q.id];
  Object.assign(merged, typed);
  const checked = Response.validate(content, merged);
  const stepErrors = checked.errors.filter((e) => step.some((q) => q.id === e.questionId));
  const next: Draft = { ...draft, answers: checked.answers };

  const redirect = () => c.redirect(target.base, 303);
  const persist = async (d: Draft, onFail: View) => {
    try {
      await saveDraft(target.owner, d);
      return undefined;
    } catch (err) {
      if (!isTransient(err)) throw err;
      Log.warn("form.save_unavailable", { surveyId: target.survey.info.id, error: err });
      return render(c, target, { ...onFail, banner: "unavailable", status: 503 });
    }
  };

  if (action.startsWith("lang:")) {
    const lang = I18n.closest(action.slice(5));
    // Switching language keeps everything valid that was typed, and stays on the same step.
    const failed = await persist({ ...next, lang: lang ?? draft.lang, at: onReview ? "review" : step[0]?.id }, { draft, values: raw });
    return failed ?? redirect();
  }
  if (action.startsWith("goto:")) {
    const failed = await persist({ ...next, at: action.slice(5) }, { draft, values: raw });
    return failed ?? redirect();
  }
  if (action === "back") {
    all = steps(content, next.answers);
    const prev = onReview ? all[all.length - 1] : all[Math.max(0, stepIndex(content, all, step[0]?.id) - 1)];
    const failed = await persist({ ...next, at: prev?.[0]?.id }, { draft, values: raw });
    return failed ?? redirect();
  }
  if (action === "submit" && onReview) {
    if (checked.errors.length) {
      // Only possible if answers went stale: send the family to the first step with a problem.
      const first = checked.errors[0]!;
      return render(c, target, { draft: { ...next, at: first.questionId }, errors: checked.errors, status: 400 });
    }
    try {
      await target.submit(checked.answers, s.locale);
    } catch (err) {
      if (err instanceof VisibleError && err.code === "response.already_submitted") return statusPage(c, "answered", s);
      if (err instanceof VisibleError && err.kind === "input") {
        const errors = (err.details?.errors as Response.FieldError[] | undefined) ?? [];
        return render(c, target, { draft: { ...next, at: errors[0]?.questionId }, errors, status: 400 });
      }
      if (!isTransient(err)) throw err;
      Log.warn("form.submit_unavailable", { surveyId: target.survey.info.id, error: err });
      return render(c, target, { draft: { ...next, at: "review" }, banner: "unavailable", status: 503 });
    }
    return c.redirect(`${target.base}/done`, 303);
  }
  // "next" (also Enter in a text field).
  if (stepErrors.length) return render(c, target, { draft, values: raw, errors: stepErrors, status: 400 });
  all = steps(content, next.answers);
  const here = stepIndex(content, all, step[0]?.id);
  const following = all[here + 1];
  const failed = await persist({ ...next, at: onReview || !following ? "review" : following[0]!.id }, { draft, values: raw });
  return failed ?? redirect();
}

// ---------- targets ----------

async function personal(c: Context): Promise<Target | Response> {
  const token = c.req.param("token") ?? "";
  const link = await openLink(token);
  const invitation = link?.invitation;
  const survey = invitation && (await Survey.forFamily(invitation.orgId, invitation.surveyId));
  if (!link || !invitation || !survey) {
    // Malformed, unknown, expired or another survey's: one page, one status, and a count against the IP.
    try {
      await RateLimit.hit(TOKEN_MISSES, clientIp(c));
    } catch (err) {
      if (err instanceof VisibleError && err.kind === "rate_limited") return limited(c, err);
      throw err;
    }
    return statusPage(c, "not_found");
  }
  return {
    base: `/s/${token}`,
    owner: { kind: "invitation", token },
    survey,
    invitationLanguage: invitation.language,
    answered: invitation.answered,
    draft: link.draft(survey.info.id, survey.version),
    submit: (answers) => Response.submitOpened({ token, invitation, survey }, answers),
  };
}

async function publicLink(c: Context, create: boolean): Promise<Target | Response> {
  const slug = c.req.param("slug") ?? "";
  const survey = await Survey.bySlug(slug);
  if (!survey) return statusPage(c, "not_found");
  let device = getCookie(c, DEVICE_COOKIE);
  // A device seen before: its draft and whether it answered come in one query. A new device has neither.
  const seen = device && /^[A-Za-z0-9_-]{22}$/.test(device) ? await openDevice(survey.info.id, device, survey.version) : undefined;
  if (!seen) {
    device = createToken();
    // Lax, not Strict: the link is opened from a QR code or a message (a cross-site navigation), and
    // the family must find its draft again when it does.
    if (create) setCookie(c, DEVICE_COOKIE, device, { httpOnly: true, sameSite: "Lax", path: `/p/${slug}`, maxAge: 400 * 86400, secure: isHttps(c) });
  }
  const d = device!;
  return {
    base: `/p/${slug}`,
    owner: { kind: "device", surveyId: survey.info.id, device: d },
    survey,
    answered: seen?.answered ?? false,
    draft: seen?.draft,
    submit: async (answers, locale) => {
      await RateLimit.hit(PUBLIC_SUBMITS, clientIp(c));
      return submitPublic({ slug, device: d, language: locale, answers });
    },
  };
}

const isResponse = (x: unknown): x is globalThis.Response => x instanceof globalThis.Response;

async function done(c: Context, target: Target) {
  if (!target.answered) return c.redirect(target.base, 303);
  return thanksPage(c, speech(c, { content: target.survey.content, invitationLanguage: target.invitationLanguage }));
}

export const form = familyApp()
  .get(cssPath, (c) => {
    c.header("Cache-Control", "public, max-age=31536000, immutable");
    c.header("Content-Type", "text/css; charset=utf-8");
    return c.body(css);
  })
  .get("/s/:token", async (c) => {
    const t = await personal(c);
    return isResponse(t) ? t : show(c, t);
  })
  .post("/s/:token", async (c) => {
    const t = await personal(c);
    return isResponse(t) ? t : handlePost(c, t);
  })
  .get("/s/:token/done", async (c) => {
    const t = await personal(c);
    return isResponse(t) ? t : done(c, t);
  })
  .get("/p/:slug", async (c) => {
    const t = await publicLink(c, true);
    return isResponse(t) ? t : show(c, t);
  })
  .post("/p/:slug", async (c) => {
    const t = await publicLink(c, true);
    return isResponse(t) ? t : handlePost(c, t);
  })
  .get("/p/:slug/done", async (c) => {
    const t = await publicLink(c, false);
    return isResponse(t) ? t : done(c, t);
  })

