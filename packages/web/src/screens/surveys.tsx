/** @jsxImportSource preact */
// The surveys list (status, response rate, next partner summary) and creating a survey.
import { useState } from "preact/hooks";
import { api, unwrap } from "../api";
import { href, navigate } from "../router";
import { Failure, Field, LANGUAGES, Loading, announce, fieldError, useAsync } from "../ui";

const when = (iso?: string) => (iso ? new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" }) : "—");

export function SurveysScreen() {
  const list = useAsync(() => unwrap(api.surveys.$get()), []);
  return (
    <>
      <h1>Surveys</h1>
      <p class="lead">Your organisation's surveys, how many families have answered, and when partners next hear about them.</p>
      <p>
        <a class="button primary" href={href.newSurvey()}>
          New survey
        </a>
      </p>
      {list.error ? <Failure error={list.error} retry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading what="surveys" /> : null}
      {list.data && list.data.length === 0 ? <p>No surveys yet. Start with “New survey”.</p> : null}
      {list.data && list.data.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">Surveys</caption>
            <thead>
              <tr>
                <th scope="col">Survey</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Response rate
                </th>
                <th scope="col" class="num hide-narrow">
                  Responses
                </th>
                <th scope="col">Next partner summary</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map(({ survey, rates, nextSummary }) => (
                <tr key={survey.id}>
                  <td>
                    <a href={href.survey(survey.id, survey.status === "draft" ? "build" : "results")}>{survey.title[survey.defaultLanguage] ?? survey.id}</a>
                  </td>
                  <td>
                    <span class={`badge ${survey.status}`}>{survey.status}</span>
                  </td>
                  <td class="num">
                    {rates.invited ? `${rates.rate}%` : "—"}
                    <span class="hint">
                      {rates.responded} of {rates.invited} invited
                    </span>
                  </td>
                  <td class="num hide-narrow">{rates.responses}</td>
                  <td>
                    {nextSummary ? (
                      <>
                        {nextSummary.kind === "final" ? "Final summary" : nextSummary.pending ? `This ${nextSummary.kind === "weekly" ? "week's" : "month's"} summary` : when(`${nextSummary.on}T12:00:00Z`)} to {nextSummary.partners} partner
                        {nextSummary.partners === 1 ? "" : "s"}
                        {nextSummary.pending ? <span class="hint">Sent within the hour once enough families have answered.</span> : null}
                      </>
                    ) : (
                      "None scheduled"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

/** A new survey starts empty: the builder's "Add a question" is the next step. */
const starter = (lang: string, title: string) => ({ defaultLanguage: lang, languages: [lang], title: { [lang]: title }, questions: [] });

export function NewSurveyScreen() {
  const [title, setTitle] = useState("");
  const [lang, setLang] = useState("en");
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const survey = await unwrap(api.surveys.$post({ json: { content: starter(lang, title.trim()) } }));
      announce("Survey created. Add your questions.");
      navigate(href.survey(survey.id, "build"));
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const titleError = fieldError(error, "content.title") ?? (error && !title.trim() ? "Give the survey a title." : undefined);
  return (
    <>
      <h1>New survey</h1>
      <form class="card" onSubmit={submit} noValidate>
        <Field label="Title" hint="Families see this at the top of the form." error={titleError}>
          {({ id, describedBy, invalid }) => (
            <input id={id} value={title} required aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
          )}
        </Field>
        <Field label="Language you write in" hint="The default language. Add translations later.">
          {({ id, describedBy }) => (
            <select id={id} value={lang} aria-describedby={describedBy} onChange={(e) => setLang((e.target as HTMLSelectElement).value)}>
              {Object.entries(LANGUAGES).map(([tag, name]) => (
                <option key={tag} value={tag}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {error && !titleError ? (
          <p class="notice bad" role="alert">
            {error.message}
          </p>
        ) : null}
        <div class="actions">
          <button class="primary" type="submit" disabled={busy}>
            Create survey
          </button>
          <a class="button" href={href.surveys()}>
            Cancel
          </a>
        </div>
      </form>
    </>
  );
}
