// The family form's pages, server-rendered with hono/jsx. Everything is plain HTML: native inputs
// grouped in fieldsets with legends, errors tied to their fields with aria-describedby, a language
// switcher on every page. hono/jsx escapes every text and attribute, and survey text and answers are
// only ever passed as text, never as HTML.
import type { Child } from "hono/jsx";
import { Locale } from "@feedback/core/locale";
import type { Response } from "@feedback/core/response";
import type { Survey } from "@feedback/core/survey";
import type { FormKey } from "@feedback/core/i18n/form";
import { cssPath } from "./style";
import type { Raw } from "./flow";

export type T = (key: FormKey, values?: Record<string, string | number>) => string;

/** Everything a page needs to speak the family's language. */
export type Speech = {
  t: T;
  /** The interface locale (html lang). */
  locale: string;
  /** The survey's languages offered in the switcher, with their names. */
  languages: { tag: string; name: string }[];
  /** Survey text in the family's language, or the default language, with the language it is in. */
  text: (text: Locale.Text | undefined) => { text: string; lang: string };
};

/** Text that may be in a fallback language: marked with its own lang (and dir) when it differs. */
function Say(props: { s: Speech; text: Locale.Text | undefined }) {
  const { text, lang } = props.s.text(props.text);
  if (lang === props.s.locale) return <>{text}</>;
  return (
    <span lang={lang} dir={Locale.isRtl(lang) ? "rtl" : "ltr"}>
      {text}
    </span>
  );
}

export function Layout(props: { s: Speech; title: string; children: Child; status?: number }) {
  const { s } = props;
  return (
    <html lang={s.locale} dir={Locale.isRtl(s.locale) ? "rtl" : "ltr"}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        <link rel="stylesheet" href={cssPath} />
      </head>
      <body>
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}

/** The language switcher: the current language as text, the others as `other(tag, name)`. */
function LanguageSwitcher(props: { s: Speech; other: (tag: string, name: string) => Child }) {
  const { s } = props;
  if (s.languages.length < 2) return null;
  return (
    <nav class="lang" aria-label={s.t("language.label")}>
      <ul>
        {s.languages.map((l) => (
          <li>
            {l.tag === s.locale ? (
              <span lang={l.tag} aria-current="true">
                {l.name}
              </span>
            ) : (
              props.other(l.tag, l.name)
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Inside a form the switcher is made of buttons, so the answers typed on the page are kept when switching. */
const LanguageButtons = (props: { s: Speech }) => (
  <LanguageSwitcher
    s={props.s}
    other={(tag, name) => (
      <button type="submit" name="_action" value={`lang:${tag}`} lang={tag} formnovalidate>
        {name}
      </button>
    )}
  />
);

/** On pages without a form (status and thank-you pages) it is made of plain links. */
export const LanguageLinks = (props: { s: Speech; href: (tag: string) => string }) => (
  <LanguageSwitcher
    s={props.s}
    other={(tag, name) => (
      <a href={props.href(tag)} lang={tag} hreflang={tag}>
        {name}
      </a>
    )}
  />
);

const errorText = (s: Speech, e: Response.FieldError) => s.t(`error.${e.code}` as FormKey, { limit: e.limit ?? 0 });

function Required(props: { s: Speech; q: Survey.Question }) {
  return <span class="req"> ({props.s.t(props.q.required ? "required" : "optional")})</span>;
}

function QuestionField(props: { s: Speech; q: Survey.Question; value: string | string[] | undefined; error?: Response.FieldError }) {
  const { s, q, error } = props;
  const id = `q-${q.id}`;
  const name = `q.${q.id}`;
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const value = props.value;
  const one = Array.isArray(value) ? value[0] ?? "" : value ?? "";
  const many = Array.isArray(value) ? value : value ? [value] : [];
  const invalid = error ? "true" : undefined;
  const err = error ? (
    <span class="err" id={errId}>
      {errorText(s, error)}
    </span>
  ) : null;

  let hint: Child = null;
  if (q.help) hint = <Say s={s} text={q.help} />;
  if (q.type === "multiple_choice") hint = <>{hint} {s.t("hint.choose_many")}</>;
  if (q.type === "short_text" || q.type === "long_text") hint = <>{hint} {s.t("hint.max_length", { limit: q.maxLength })}</>;
  if (q.type === "number" && q.min !== undefined && q.max !== undefined) hint = <>{hint} {s.t("hint.range", { min: q.min, max: q.max })}</>;
  const hasHint = hint !== null;
  const describedBy = [hasHint ? hintId : "", error ? errId : ""].filter(Boolean).join(" ") || undefined;
  const hintEl = hasHint ? (
    <span class="hint" id={hintId}>
      {hint}
    </span>
  ) : null;

  if (q.type === "short_text" || q.type === "long_text" || q.type === "number") {
    return (
      <div class={`field${error ? " invalid" : ""}`}>
        <label for={id}>
          <Say s={s} text={q.text} />
          <Required s={s} q={q} />
        </label>
        {hintEl}
        {err}
        {q.type === "long_text" ? (
          <textarea id={id} name={name} maxlength={q.maxLength} rows={5} aria-describedby={describedBy} aria-invalid={invalid}>
            {one}
          </textarea>
        ) : q.type === "short_text" ? (
          <input type="text" id={id} name={name} value={one} maxlength={q.maxLength} aria-describedby={describedBy} aria-invalid={invalid} />
        ) : (
          // Text with a numeric keyboard rather than type=number, which refuses Arabic-Indic digits.
          <input type="text" id={id} name={name} value={one} inputmode={q.integer ? "numeric" : "decimal"} autocomplete="off" aria-describedby={describedBy} aria-invalid={invalid} />
        )}
      </div>
    );
  }

  const options: { value: string; label: Child }[] =
    q.type === "single_choice" || q.type === "multiple_choice"
      ? q.options.map((o) => ({ value: o.id, label: <Say s={s} text={o.text} /> }))
      : q.type === "likert"
        ? q.labels.map((l, i) => ({ value: String(i + 1), label: <Say s={s} text={l} /> }))
        : Array.from({ length: 11 }, (_, i) => ({ value: String(i), label: <>{String(i)}</> }));
  const type = q.type === "multiple_choice" ? "checkbox" : "radio";
  const ends =
    q.type === "rating" && (q.lowLabel || q.highLabel) ? (
      <span class="ends" id={`${id}-ends`}>
        <span>0 = <Say s={s} text={q.lowLabel} /></span>
        <span>10 = <Say s={s} text={q.highLabel} /></span>
      </span>
    ) : null;
  const groupDescribedBy = [describedBy, ends ? `${id}-ends` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset id={id} class={error ? "invalid" : undefined} aria-describedby={groupDescribedBy}>
      <legend>
        <Say s={s} text={q.text} />
        <Required s={s} q={q} />
      </legend>
      {hintEl}
      {err}
      <div class={q.type === "likert" ? "scale likert" : q.type === "rating" ? "scale" : undefined}>
        {options.map((o, i) => (
          <label class="opt" for={`${id}-${i}`}>
            <input
              type={type}
              id={`${id}-${i}`}
              name={name}
              value={o.value}
              checked={many.includes(o.value)}
              aria-describedby={error ? errId : undefined}
              aria-invalid={invalid}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {ends}
    </fieldset>
  );
}

export type StepProps = {
  s: Speech;
  action: string;
  csrf: string;
  content: Survey.Content;
  anonymity: Survey.Info["anonymity"];
  step: Survey.Question[];
  index: number;
  total: number;
  values: Raw;
  errors: Response.FieldError[];
  banner?: { title: string; body: string };
};

/** One step of the survey. A hidden default button makes Enter in a text field mean "Next", not a language. */
export function StepPage(p: StepProps) {
  const { s } = p;
  const title = s.text(p.content.title);
  const errorsHere = p.errors.filter((e) => p.step.some((q) => q.id === e.questionId));
  const last = p.index === p.total - 1;
  // Width classes in 5% steps: the CSP forbids inline style attributes.
  const pct = Math.round(((p.index + 1) / (p.total + 1)) * 20) * 5;
  return (
    <Layout s={s} title={`${errorsHere.length ? "⚠ " : ""}${title.text}`}>
      <form method="post" action={p.action} novalidate>
        <button type="submit" name="_action" value="next" hidden tabindex={-1} aria-hidden="true" />
        <LanguageButtons s={s} />
        <h1>
          <Say s={s} text={p.content.title} />
        </h1>
        {p.index === 0 && p.content.intro ? (
          <p>
            <Say s={s} text={p.content.intro} />
          </p>
        ) : null}
        <p class="note">{s.t(p.anonymity === "anonymous" ? "privacy.anonymous" : "privacy.confidential")}</p>
        <div class="progress">
          <p class="note" id="progress">{s.t("progress", { current: p.index + 1, total: p.total + 1 })}</p>
          <div class="bar" aria-hidden="true">
            <span class={`p${pct}`} />
          </div>
        </div>
        {p.banner ? (
          <div class="summary" role="alert">
            <h2>{p.banner.title}</h2>
            <p>{p.banner.body}</p>
          </div>
        ) : null}
        {errorsHere.length ? (
          <div class="summary" role="alert" id="errors">
            <h2>{s.t("errors.summary", { count: errorsHere.length })}</h2>
            <ul>
              {errorsHere.map((e) => {
                const q = p.step.find((x) => x.id === e.questionId)!;
                return (
                  <li>
                    <a href={`#q-${q.id}`}>
                      <Say s={s} text={q.text} />
                    </a>
                    : {errorText(s, e)}
                  </li>
                );
              })}
            </ul>
          </div>
        ) : null}
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="_at" value={p.step[0]!.id} />
        {p.step.map((q) => (
          <QuestionField s={s} q={q} value={p.values[q.id]} error={errorsHere.find((e) => e.questionId === q.id)} />
        ))}
        <div class="actions">
          {p.index > 0 ? (
            <button type="submit" class="btn secondary" name="_action" value="back">
              {s.t("action.back")}
            </button>
          ) : null}
          <button type="submit" class="btn primary" name="_action" value="next">
            {s.t(last ? "action.review" : "action.next")}
          </button>
        </div>
        <p class="note">{s.t("saved")}</p>
      </form>
    </Layout>
  );
}

function AnswerText(props: { s: Speech; q: Survey.Question; value: Response.Answer | undefined }) {
  const { s, q, value } = props;
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return <em>{s.t("review.no_answer")}</em>;
  if (q.type === "single_choice" || q.type === "multiple_choice") {
    const ids = Array.isArray(value) ? value : [String(value)];
    return (
      <span>
        {ids.map((id, i) => (
          <>
            {i > 0 ? ", " : ""}
            <Say s={s} text={q.options.find((o) => o.id === id)?.text} />
          </>
        ))}
      </span>
    );
  }
  if (q.type === "likert") return <Say s={s} text={q.labels[Number(value) - 1]} />;
  // Answers are the family's own text: isolated so a right-to-left answer cannot reorder the page.
  return <bdi>{String(value)}</bdi>;
}

export function ReviewPage(p: { s: Speech; action: string; csrf: string; content: Survey.Content; questions: Survey.Question[]; answers: Response.Answers; total: number; banner?: { title: string; body: string } }) {
  const { s } = p;
  return (
    <Layout s={s} title={`${s.t("review.title")} – ${s.text(p.content.title).text}`}>
      <form method="post" action={p.action}>
        <button type="submit" name="_action" value="submit" hidden tabindex={-1} aria-hidden="true" />
        <LanguageButtons s={s} />
        <h1>{s.t("review.title")}</h1>
        <p class="note">{s.t("progress", { current: p.total, total: p.total })}</p>
        {p.banner ? (
          <div class="summary" role="alert">
            <h2>{p.banner.title}</h2>
            <p>{p.banner.body}</p>
          </div>
        ) : null}
        <p>{s.t("review.intro")}</p>
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="_at" value="review" />
        <dl class="review">
          {p.questions.map((q) => (
            <>
              <dt>
                <Say s={s} text={q.text} />
              </dt>
              <dd>
                <AnswerText s={s} q={q} value={p.answers[q.id]} />
                <button type="submit" name="_action" value={`goto:${q.id}`}>
                  {s.t("action.change")}
                  <span class="vh"> – {s.text(q.text).text}</span>
                </button>
              </dd>
            </>
          ))}
        </dl>
        <div class="actions">
          <button type="submit" class="btn secondary" name="_action" value="back">
            {s.t("action.back")}
          </button>
          <button type="submit" class="btn primary" name="_action" value="submit">
            {s.t("action.submit")}
          </button>
        </div>
      </form>
    </Layout>
  );
}

/** Thank-you and status pages: a heading, a sentence, and the language links. */
export function MessagePage(p: { s: Speech; title: string; body: string; href: (tag: string) => string }) {
  return (
    <Layout s={p.s} title={p.title}>
      <LanguageLinks s={p.s} href={p.href} />
      <h1>{p.title}</h1>
      <p>{p.body}</p>
    </Layout>
  );
}
