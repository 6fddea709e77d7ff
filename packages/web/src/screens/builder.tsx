/** @jsxImportSource preact */
// The survey builder: questions of every type, their options, required flags, show-if conditions and
// order, checked as you type with the very schema the API validates with (core's survey content), and
// a live preview of the real family form in any of the survey's languages.
import { Content as ContentSchema, type Content } from "@feedback/core/survey/content";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, unwrap } from "../api";
import { Field, Problems, languageName } from "../ui";

type Q = Content["questions"][number];
type QType = Q["type"];
type Text = Record<string, string>;

export const TYPE_LABELS: Record<QType, string> = {
  single_choice: "One choice from a list",
  multiple_choice: "Several choices from a list",
  likert: "5-point scale (for example satisfied … dissatisfied)",
  rating: "0–10 rating",
  short_text: "Short text answer",
  long_text: "Long text answer",
  number: "Number",
};

const LIKERT_EN = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"];

/** Sets one language of a text; an emptied value is removed (a missing translation, never a blank one). */
export function setText(text: Text | undefined, lang: string, value: string): Text {
  const next = { ...(text ?? {}) };
  if (value.trim()) next[lang] = value;
  else delete next[lang];
  return next;
}

const freeId = (prefix: string, taken: string[]) => {
  for (let n = taken.length + 1; ; n++) if (!taken.includes(`${prefix}${n}`)) return `${prefix}${n}`;
};

/** A question of `type` carrying over what it can from `from` (text, required, page, condition). */
export function makeQuestion(type: QType, lang: string, from: Partial<Q> & { id: string; text: Text }): Q {
  const base = { id: from.id, text: from.text, help: from.help, required: from.required ?? false, page: from.page ?? 1, showIf: from.showIf };
  const options = from && "options" in from && from.options ? from.options : [{ id: "o1", text: {} }, { id: "o2", text: {} }];
  switch (type) {
    case "single_choice":
      return { ...base, type, options };
    case "multiple_choice":
      return { ...base, type, options };
    case "likert":
      return { ...base, type, labels: LIKERT_EN.map((l): Text => (lang === "en" ? { en: l } : {})) };
    case "rating":
      return { ...base, type, lowLabel: lang === "en" ? { en: "Not at all likely" } : undefined, highLabel: lang === "en" ? { en: "Extremely likely" } : undefined };
    case "short_text":
      return { ...base, type, maxLength: 200 };
    case "long_text":
      return { ...base, type, maxLength: 2000 };
    case "number":
      return { ...base, type, integer: true };
  }
}

/** Issues from the content schema, grouped: per question index, and the rest. */
function issuesOf(content: Content) {
  const parsed = ContentSchema.safeParse(content);
  const byQuestion = new Map<number, string[]>();
  const general: string[] = [];
  if (parsed.success) return { valid: true, byQuestion, general };
  for (const issue of parsed.error.issues) {
    const [head, index, ...rest] = issue.path;
    if (head === "questions" && typeof index === "number") {
      const where = rest.length ? describePath(rest) : "";
      byQuestion.set(index, [...(byQuestion.get(index) ?? []), `${where}${issue.message}`]);
    } else general.push(`${describePath(issue.path)}${issue.message}`);
  }
  return { valid: false, byQuestion, general };
}

function describePath(path: PropertyKey[]) {
  const words = path.map((p) => (typeof p === "number" ? String(p + 1) : String(p))).join(" ");
  const nice = words.replace(/^options (\d+) text.*/, "Option $1: ").replace(/^labels (\d+).*/, "Scale point $1: ").replace(/^text.*/, "Question text: ").replace(/^showIf.*/, "Show only if: ").replace(/^title.*/, "Title: ");
  return nice.endsWith(": ") ? nice : "";
}

export function Builder(props: { surveyId: string; content: Content; onChange: (c: Content) => void; anonymity: "anonymous" | "confidential" }) {
  const { content, onChange } = props;
  const lang = content.defaultLanguage;
  const issues = useMemo(() => issuesOf(content), [content]);
  const [addType, setAddType] = useState<QType>("single_choice");
  const update = (i: number, q: Q) => onChange({ ...content, questions: content.questions.map((x, j) => (j === i ? q : x)) });
  const move = (i: number, by: -1 | 1) => {
    const qs = [...content.questions];
    const j = i + by;
    if (j < 0 || j >= qs.length) return;
    [qs[i], qs[j]] = [qs[j]!, qs[i]!];
    // Pages must never go backwards: a moved question takes the page of its new neighbourhood.
    const page = Math.max(1, qs[j - 1]?.page ?? 1);
    qs[j] = { ...qs[j]!, page: Math.max(page, Math.min(qs[j]!.page, qs[j + 1]?.page ?? qs[j]!.page)) };
    onChange({ ...content, questions: qs });
    requestAnimationFrame(() => document.getElementById(`move-${by < 0 ? "up" : "down"}-${j}`)?.focus());
  };
  const remove = (i: number) => onChange({ ...content, questions: content.questions.filter((_, j) => j !== i) });
  const add = () => {
    const id = freeId("q", content.questions.map((q) => q.id));
    const page = content.questions.at(-1)?.page ?? 1;
    onChange({ ...content, questions: [...content.questions, makeQuestion(addType, lang, { id, text: {}, page })] });
    requestAnimationFrame(() => document.getElementById(`text-${content.questions.length}`)?.focus());
  };

  return (
    <div class="split">
      <div>
        <section class="card" aria-labelledby="about-h">
          <h2 id="about-h">About this survey</h2>
          <Field label={`Title (${languageName(lang)})`}>
            {({ id }) => <input id={id} value={content.title[lang] ?? ""} onInput={(e) => onChange({ ...content, title: setText(content.title, lang, (e.target as HTMLInputElement).value) })} />}
          </Field>
          <Field label={`Introduction (${languageName(lang)}, optional)`} hint="Shown above the first question.">
            {({ id, describedBy }) => (
              <textarea
                id={id}
                aria-describedby={describedBy}
                value={content.intro?.[lang] ?? ""}
                onInput={(e) => {
                  const intro = setText(content.intro, lang, (e.target as HTMLTextAreaElement).value);
                  onChange({ ...content, intro: Object.keys(intro).length ? intro : undefined });
                }}
              />
            )}
          </Field>
          <Problems title="Please fix:" items={issues.general.map((message) => ({ message }))} />
        </section>

        <h2>Questions ({content.questions.length})</h2>
        {content.questions.length === 0 ? <p>No questions yet. Choose a type below and add the first one.</p> : null}
        {content.questions.map((q, i) => (
          <QuestionCard key={q.id} q={q} index={i} content={content} lang={lang} errors={issues.byQuestion.get(i) ?? []} onChange={(next) => update(i, next)} onMove={(by) => move(i, by)} onRemove={() => remove(i)} />
        ))}
        <div class="card row">
          <div class="grow">
            <Field label="Type of the new question">
              {({ id }) => (
                <select id={id} value={addType} onChange={(e) => setAddType((e.target as HTMLSelectElement).value as QType)}>
                  {Object.entries(TYPE_LABELS).map(([t, label]) => (
                    <option key={t} value={t}>
                      {label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <button type="button" class="primary" onClick={add}>
            Add a question
          </button>
        </div>
      </div>
      <div class="sticky">
        <Preview surveyId={props.surveyId} content={content} valid={issues.valid} />
      </div>
    </div>
  );
}

function QuestionCard(props: { q: Q; index: number; content: Content; lang: string; errors: string[]; onChange: (q: Q) => void; onMove: (by: -1 | 1) => void; onRemove: () => void }) {
  const { q, index, content, lang, onChange } = props;
  const n = index + 1;
  const earlier = content.questions.slice(0, index);
  const last = index === content.questions.length - 1;
  const errId = `q-errors-${index}`;
  return (
    <section class="card question" aria-labelledby={`q-h-${index}`} data-question={q.id}>
      <header>
        <h3 id={`q-h-${index}`}>
          Question {n}
          <span class="hint">{TYPE_LABELS[q.type]}</span>
        </h3>
        <div class="row">
          <button type="button" class="small" id={`move-up-${index}`} onClick={() => props.onMove(-1)} disabled={index === 0} aria-label={`Move question ${n} up`}>
            ↑ Up
          </button>
          <button type="button" class="small" id={`move-down-${index}`} onClick={() => props.onMove(1)} disabled={last} aria-label={`Move question ${n} down`}>
            ↓ Down
          </button>
          <button type="button" class="small danger" onClick={props.onRemove} aria-label={`Delete question ${n}`}>
            Delete
          </button>
        </div>
      </header>
      {props.errors.length ? (
        <div class="notice bad" id={errId}>
          <ul>
            {props.errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <label for={`text-${index}`}>Question text ({languageName(lang)})</label>
      <textarea
        id={`text-${index}`}
        value={q.text[lang] ?? ""}
        aria-invalid={props.errors.some((e) => e.startsWith("Question text")) || undefined}
        aria-describedby={props.errors.length ? errId : undefined}
        onInput={(e) => onChange({ ...q, text: setText(q.text, lang, (e.target as HTMLTextAreaElement).value) })}
      />
      <div class="row">
        <div class="grow">
          <label for={`type-${index}`}>Type</label>
          <select id={`type-${index}`} value={q.type} onChange={(e) => onChange(makeQuestion((e.target as HTMLSelectElement).value as QType, lang, q))}>
            {Object.entries(TYPE_LABELS).map(([t, label]) => (
              <option key={t} value={t}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for={`page-${index}`}>Page</label>
          <input id={`page-${index}`} type="number" min={1} max={50} value={q.page} onInput={(e) => onChange({ ...q, page: Math.max(1, Number((e.target as HTMLInputElement).value) || 1) })} />
        </div>
      </div>
      <label class="check">
        <input type="checkbox" checked={q.required} onChange={(e) => onChange({ ...q, required: (e.target as HTMLInputElement).checked })} />
        Families must answer this question
      </label>
      <TypeFields q={q} index={index} lang={lang} onChange={onChange} />
      <ShowIf q={q} index={index} earlier={earlier} lang={lang} onChange={onChange} />
    </section>
  );
}

function TypeFields(props: { q: Q; index: number; lang: string; onChange: (q: Q) => void }) {
  const { q, index, lang, onChange } = props;
  if (q.type === "single_choice" || q.type === "multiple_choice") {
    const options = q.options;
    const set = (next: typeof options) => onChange({ ...q, options: next });
    return (
      <fieldset>
        <legend>Options</legend>
        {options.map((o, j) => (
          <div class="row" key={o.id}>
            <div class="grow">
              <label class="sr-only" for={`opt-${index}-${j}`}>
                Option {j + 1} of question {index + 1}
              </label>
              <input id={`opt-${index}-${j}`} placeholder={`Option ${j + 1}`} value={o.text[lang] ?? ""} onInput={(e) => set(options.map((x, k) => (k === j ? { ...x, text: setText(x.text, lang, (e.target as HTMLInputElement).value) } : x)))} />
            </div>
            <button type="button" class="small" aria-label={`Move option ${j + 1} up`} disabled={j === 0} onClick={() => set(options.map((x, k) => (k === j - 1 ? options[j]! : k === j ? options[j - 1]! : x)))}>
              ↑
            </button>
            <button type="button" class="small danger" aria-label={`Remove option ${j + 1}`} disabled={options.length <= 2} onClick={() => set(options.filter((_, k) => k !== j))}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" class="small" onClick={() => set([...options, { id: freeId("o", options.map((o) => o.id)), text: {} }])}>
          Add an option
        </button>
        {q.type === "multiple_choice" ? (
          <Field label="Most choices allowed (optional)">
            {({ id }) => <input id={id} type="number" min={1} max={30} value={q.maxChoices ?? ""} onInput={(e) => onChange({ ...q, maxChoices: Number((e.target as HTMLInputElement).value) || undefined })} />}
          </Field>
        ) : null}
      </fieldset>
    );
  }
  if (q.type === "likert")
    return (
      <fieldset>
        <legend>Scale points, from lowest to highest</legend>
        {q.labels.map((l, j) => (
          <div key={j}>
            <label for={`lik-${index}-${j}`}>Point {j + 1}</label>
            <input id={`lik-${index}-${j}`} value={l[lang] ?? ""} onInput={(e) => onChange({ ...q, labels: q.labels.map((x, k) => (k === j ? setText(x, lang, (e.target as HTMLInputElement).value) : x)) })} />
          </div>
        ))}
      </fieldset>
    );
  if (q.type === "rating")
    return (
      <fieldset>
        <legend>Words for the ends of the 0–10 scale (optional)</legend>
        <label for={`low-${index}`}>0 means</label>
        <input id={`low-${index}`} value={q.lowLabel?.[lang] ?? ""} onInput={(e) => onChange({ ...q, lowLabel: emptyToUndefined(setText(q.lowLabel, lang, (e.target as HTMLInputElement).value)) })} />
        <label for={`high-${index}`}>10 means</label>
        <input id={`high-${index}`} value={q.highLabel?.[lang] ?? ""} onInput={(e) => onChange({ ...q, highLabel: emptyToUndefined(setText(q.highLabel, lang, (e.target as HTMLInputElement).value)) })} />
      </fieldset>
    );
  if (q.type === "number")
    return (
      <div class="row">
        <div>
          <label for={`min-${index}`}>Smallest allowed</label>
          <input id={`min-${index}`} type="number" value={q.min ?? ""} onInput={(e) => onChange({ ...q, min: numberOrUndefined((e.target as HTMLInputElement).value) })} />
        </div>
        <div>
          <label for={`max-${index}`}>Largest allowed</label>
          <input id={`max-${index}`} type="number" value={q.max ?? ""} onInput={(e) => onChange({ ...q, max: numberOrUndefined((e.target as HTMLInputElement).value) })} />
        </div>
        <label class="check">
          <input type="checkbox" checked={q.integer} onChange={(e) => onChange({ ...q, integer: (e.target as HTMLInputElement).checked })} />
          Whole numbers only
        </label>
      </div>
    );
  return (
    <div>
      <label for={`len-${index}`}>Longest answer (characters)</label>
      <input id={`len-${index}`} type="number" min={1} max={q.type === "short_text" ? 500 : 5000} value={q.maxLength} onInput={(e) => onChange({ ...q, maxLength: Number((e.target as HTMLInputElement).value) || 1 })} />
    </div>
  );
}

const emptyToUndefined = (t: Text) => (Object.keys(t).length ? t : undefined);
const numberOrUndefined = (v: string) => (v.trim() === "" || Number.isNaN(Number(v)) ? undefined : Number(v));

type Condition = NonNullable<Q["showIf"]>;
const OPS: Record<Condition["op"], string> = {
  equals: "is",
  not_equals: "is not",
  includes: "includes",
  answered: "is answered",
  gte: "is at least",
  lte: "is at most",
};

/** "Only show this question when an earlier answer …": one comparison, as the form evaluates it. */
function ShowIf(props: { q: Q; index: number; earlier: Q[]; lang: string; onChange: (q: Q) => void }) {
  const { q, index, earlier, lang, onChange } = props;
  const cond = q.showIf;
  const target = earlier.find((e) => e.id === cond?.questionId);
  const opsFor = (t: Q | undefined): Condition["op"][] =>
    !t ? ["answered"] : t.type === "multiple_choice" ? ["includes", "answered"] : "options" in t ? ["equals", "not_equals", "answered"] : t.type === "likert" || t.type === "rating" || t.type === "number" ? ["equals", "gte", "lte", "answered"] : ["answered"];
  const defaultValue = (t: Q | undefined, op: Condition["op"]) => (op === "answered" || !t ? undefined : "options" in t ? t.options[0]?.id : t.type === "likert" ? 3 : t.type === "rating" ? 7 : 1);
  const setTarget = (id: string) => {
    const t = earlier.find((e) => e.id === id);
    const op = opsFor(t)[0]!;
    onChange({ ...q, showIf: { questionId: id, op, value: defaultValue(t, op) } });
  };
  if (earlier.length === 0) return null;
  return (
    <fieldset>
      <legend>Show only if</legend>
      <label class="check">
        <input type="checkbox" checked={Boolean(cond)} onChange={(e) => ((e.target as HTMLInputElement).checked ? setTarget(earlier.at(-1)!.id) : onChange({ ...q, showIf: undefined }))} />
        Only show this question depending on an earlier answer
      </label>
      {cond ? (
        <div class="row">
          <div class="grow">
            <label for={`cond-q-${index}`}>Earlier question</label>
            <select id={`cond-q-${index}`} value={cond.questionId} onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}>
              {earlier.map((e, k) => (
                <option key={e.id} value={e.id}>
                  {k + 1}. {(e.text[lang] ?? "").slice(0, 60) || "(no text yet)"}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for={`cond-op-${index}`}>Answer</label>
            <select
              id={`cond-op-${index}`}
              value={cond.op}
              onChange={(e) => {
                const op = (e.target as HTMLSelectElement).value as Condition["op"];
                onChange({ ...q, showIf: { ...cond, op, value: op === "answered" ? undefined : (cond.value ?? defaultValue(target, op)) } });
              }}
            >
              {opsFor(target).map((op) => (
                <option key={op} value={op}>
                  {OPS[op]}
                </option>
              ))}
            </select>
          </div>
          {cond.op !== "answered" && target ? (
            <div class="grow">
              <label for={`cond-v-${index}`}>Value</label>
              {"options" in target ? (
                <select id={`cond-v-${index}`} value={String(cond.value ?? "")} onChange={(e) => onChange({ ...q, showIf: { ...cond, value: (e.target as HTMLSelectElement).value } })}>
                  {target.options.map((o, k) => (
                    <option key={o.id} value={o.id}>
                      {o.text[lang] ?? `Option ${k + 1}`}
                    </option>
                  ))}
                </select>
              ) : (
                <input id={`cond-v-${index}`} type="number" value={cond.value ?? ""} onInput={(e) => onChange({ ...q, showIf: { ...cond, value: numberOrUndefined((e.target as HTMLInputElement).value) } })} />
              )}
            </div>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  );
}

/** The real family form, rendered by the API from the working copy, in a sandboxed frame. */
function Preview(props: { surveyId: string; content: Content; valid: boolean }) {
  const { content } = props;
  const [lang, setLang] = useState(content.defaultLanguage);
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<{ html: string; pages: number; page: number } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const languages = content.languages.includes(lang) ? content.languages : [content.defaultLanguage, ...content.languages.filter((l) => l !== content.defaultLanguage)];
  const shown = content.languages.includes(lang) ? lang : content.defaultLanguage;
  useEffect(() => {
    if (!props.valid) return;
    clearTimeout(timer.current);
    // Debounced: typing does not send a request per keystroke.
    timer.current = setTimeout(() => {
      unwrap(api.surveys[":id"].preview.$post({ param: { id: props.surveyId }, json: { content, lang: shown, page } })).then(
        (r) => (setResult(r), setError(undefined)),
        (err: Error) => setError(err.message),
      );
    }, 400);
    return () => clearTimeout(timer.current);
  }, [JSON.stringify(content), shown, page, props.valid]);
  return (
    <section class="card preview" aria-labelledby="preview-h">
      <h2 id="preview-h" style="margin-top:0">
        Preview of the family form
      </h2>
      <div class="row">
        <div class="grow">
          <label for="preview-lang">Language</label>
          <select id="preview-lang" value={shown} onChange={(e) => setLang((e.target as HTMLSelectElement).value)}>
            {languages.map((l) => (
              <option key={l} value={l}>
                {languageName(l)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="preview-page">Page</label>
          <select id="preview-page" value={String(result?.page ?? page)} onChange={(e) => setPage(Number((e.target as HTMLSelectElement).value))}>
            {Array.from({ length: Math.max(1, result?.pages ?? 1) }, (_, i) => (
              <option key={i} value={String(i + 1)}>
                {i + 1} of {Math.max(1, result?.pages ?? 1)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {!props.valid ? <p class="notice warn">The preview updates once the problems shown on the left are fixed.</p> : null}
      {error ? (
        <p class="notice bad" role="alert">
          {error}
        </p>
      ) : null}
      {/* No scripts, no forms, no same-origin access: the frame can only show the page. */}
      <iframe title={`Family form preview in ${languageName(shown)}`} sandbox="" srcdoc={result?.html ?? ""} />
      <p class="hint">Every question is shown here, including those that families see only after a particular answer.</p>
    </section>
  );
}
