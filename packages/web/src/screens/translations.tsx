/** @jsxImportSource preact */
// The translation view: every string of the survey, one column per language, missing translations
// highlighted, and how complete each language is (the same measure the API and launch use, from
// core's survey content). A missing string falls back to the default language for families.
import { completeness, type Content } from "@feedback/core/survey/content";
import { useState } from "preact/hooks";
import { LANGUAGES, RTL, languageName } from "../ui";
import { setText } from "./builder";

type Text = Record<string, string>;
type Row = { key: string; label: string; get: (c: Content) => Text | undefined; set: (c: Content, t: Text) => Content };

/** Every translatable string, in reading order, with a way to read and write it. */
export function rows(content: Content): Row[] {
  const out: Row[] = [
    { key: "title", label: "Title", get: (c) => c.title, set: (c, t) => ({ ...c, title: t }) },
  ];
  if (content.intro) out.push({ key: "intro", label: "Introduction", get: (c) => c.intro, set: (c, t) => ({ ...c, intro: t }) });
  content.questions.forEach((q, i) => {
    const n = i + 1;
    const setQ = (c: Content, f: (q: Content["questions"][number]) => Content["questions"][number]) => ({ ...c, questions: c.questions.map((x, j) => (j === i ? f(x) : x)) });
    out.push({ key: `q${i}`, label: `Question ${n}`, get: (c) => c.questions[i]?.text, set: (c, t) => setQ(c, (x) => ({ ...x, text: t })) });
    if (q.help) out.push({ key: `q${i}h`, label: `Question ${n}: help`, get: (c) => c.questions[i]?.help, set: (c, t) => setQ(c, (x) => ({ ...x, help: t })) });
    if ("options" in q)
      q.options.forEach((_, j) =>
        out.push({
          key: `q${i}o${j}`,
          label: `Question ${n}: option ${j + 1}`,
          get: (c) => {
            const x = c.questions[i];
            return x && "options" in x ? x.options[j]?.text : undefined;
          },
          set: (c, t) => setQ(c, (x) => ("options" in x ? ({ ...x, options: x.options.map((o, k) => (k === j ? { ...o, text: t } : o)) } as typeof x) : x)),
        }),
      );
    if (q.type === "likert")
      q.labels.forEach((_, j) =>
        out.push({
          key: `q${i}l${j}`,
          label: `Question ${n}: point ${j + 1}`,
          get: (c) => {
            const x = c.questions[i];
            return x?.type === "likert" ? x.labels[j] : undefined;
          },
          set: (c, t) => setQ(c, (x) => (x.type === "likert" ? { ...x, labels: x.labels.map((l, k) => (k === j ? t : l)) } : x)),
        }),
      );
    if (q.type === "rating")
      (["lowLabel", "highLabel"] as const).forEach((end) => {
        if (!q[end]) return;
        out.push({
          key: `q${i}${end}`,
          label: `Question ${n}: ${end === "lowLabel" ? "0 means" : "10 means"}`,
          get: (c) => {
            const x = c.questions[i];
            return x?.type === "rating" ? x[end] : undefined;
          },
          set: (c, t) => setQ(c, (x) => (x.type === "rating" ? { ...x, [end]: t } : x)),
        });
      });
  });
  return out;
}

export function TranslationsTab(props: { content: Content; onChange: (c: Content) => void }) {
  const { content, onChange } = props;
  const lang = content.defaultLanguage;
  const others = content.languages.filter((l) => l !== lang);
  const [adding, setAdding] = useState("");
  const addable = Object.keys(LANGUAGES).filter((l) => !content.languages.includes(l));
  const all = rows(content);
  return (
    <>
      <section class="card" aria-labelledby="langs-h">
        <h2 id="langs-h" style="margin-top:0">
          Languages
        </h2>
        <p>Families choose any of these on the form. A string not translated yet is shown to them in {languageName(lang)}.</p>
        <ul>
          {content.languages.map((l) => (
            <li key={l}>
              <strong>{languageName(l)}</strong>: {completeness(content, l)}% translated
              {l === lang ? " (the language you write in)" : null}
              {l !== lang ? (
                <>
                  {" "}
                  <button type="button" class="small danger" aria-label={`Remove ${languageName(l)}`} onClick={() => onChange({ ...content, languages: content.languages.filter((x) => x !== l) })}>
                    Remove
                  </button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
        {addable.length ? (
          <div class="row">
            <div class="grow">
              <label for="add-lang">Add a language</label>
              <select id="add-lang" value={adding} onChange={(e) => setAdding((e.target as HTMLSelectElement).value)}>
                <option value="">Choose…</option>
                {addable.map((l) => (
                  <option key={l} value={l}>
                    {languageName(l)}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" disabled={!adding} onClick={() => (onChange({ ...content, languages: [...content.languages, adding] }), setAdding(""))}>
              Add language
            </button>
          </div>
        ) : null}
      </section>

      {others.length === 0 ? (
        <p>Add a language above to start translating.</p>
      ) : (
        <div class="table-wrap card">
          <table class="translations">
            <caption class="sr-only">Translations: one column per language; missing translations are marked.</caption>
            <thead>
              <tr>
                <th scope="col">String</th>
                <th scope="col">{languageName(lang)} (original)</th>
                {others.map((l) => (
                  <th scope="col" key={l}>
                    {languageName(l)}
                    <span class="hint" data-completeness={l}>
                      {completeness(content, l)}% complete
                    </span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {all.map((row) => {
                const text = row.get(content) ?? {};
                return (
                  <tr key={row.key}>
                    <th scope="row">{row.label}</th>
                    <td>{text[lang] ?? <span class="missing-tag">Missing</span>}</td>
                    {others.map((l) => {
                      const missing = !text[l];
                      const id = `tr-${row.key}-${l}`;
                      return (
                        <td key={l} class={missing ? "missing" : undefined}>
                          <label class="sr-only" for={id}>
                            {row.label} in {languageName(l)}
                          </label>
                          <textarea
                            id={id}
                            rows={1}
                            lang={l}
                            dir={RTL.has(l) ? "rtl" : "ltr"}
                            value={text[l] ?? ""}
                            aria-describedby={missing ? `${id}-m` : undefined}
                            onInput={(e) => onChange(row.set(content, setText(text, l, (e.target as HTMLTextAreaElement).value)))}
                          />
                          {missing ? (
                            <span class="missing-tag" id={`${id}-m`}>
                              Missing: families see {languageName(lang)}
                            </span>
                          ) : null}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
