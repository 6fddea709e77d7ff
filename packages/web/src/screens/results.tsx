/** @jsxImportSource preact */
// Results: response rates over time and by site, language and channel (charts with their numbers),
// per-question results in full, "what partners will see" (the same suppression as their emails), the
// raw responses table, and the CSV export.
import { useState } from "preact/hooks";
import { api, unwrap } from "../api";
import { BarChart, Failure, LineChart, Loading, languageName, useAsync } from "../ui";
import type { Detail } from "./survey";

const DIMENSION_LABELS: Record<string, string> = { site: "school or programme", grade_band: "grade band", language: "language", channel: "channel" };

export function ResultsTab(props: { detail: Detail }) {
  const { survey } = props.detail;
  const id = survey.id;
  const [partnerView, setPartnerView] = useState(false);
  const [version, setVersion] = useState<string | undefined>();
  const rates = useAsync(() => unwrap(api.surveys[":id"].rates.$get({ param: { id } })), [id]);
  const results = useAsync(() => unwrap(api.surveys[":id"].results.$get({ param: { id }, query: { version } })), [id, version]);
  return (
    <>
      <h2>Response rate</h2>
      {rates.error ? <Failure error={rates.error} retry={rates.reload} /> : null}
      {rates.data ? (
        <section class="card" aria-label="Response rate">
          <p>
            <span class="stat">
              <b data-stat="rate">{rates.data.rate}%</b> response rate
            </span>
            <span class="stat">
              <b data-stat="responded">{rates.data.responded}</b> of {rates.data.invited} invited families answered
            </span>
            <span class="stat">
              <b data-stat="responses">{rates.data.responses}</b> responses in all
            </span>
          </p>
          <div class="grid cols-2">
            <LineChart caption="Response rate over time (cumulative)" unit="%" max={100} points={rates.data.overTime.map((p) => ({ x: p.day, y: p.rate }))} />
            {(["site", "language", "channel"] as const).map((d) =>
              rates.data!.byDimension[d]?.length ? (
                <BarChart
                  key={d}
                  caption={`Response rate by ${DIMENSION_LABELS[d]}`}
                  unit="%"
                  max={100}
                  rows={rates.data!.byDimension[d]!.map((s) => ({ label: d === "language" ? languageName(s.value) : s.value, value: s.rate, note: `${s.responded}/${s.invited}` }))}
                />
              ) : null,
            )}
          </div>
        </section>
      ) : (
        !rates.error && <Loading what="rates" />
      )}

      <h2>Answers</h2>
      <div class="row">
        <label class="check">
          <input type="checkbox" role="switch" aria-checked={partnerView} checked={partnerView} onChange={(e) => setPartnerView((e.target as HTMLInputElement).checked)} />
          Show what partners will see (small groups hidden)
        </label>
        {results.data && results.data.versions.length > 1 ? (
          <div>
            <label for="version">Version</label>
            <select id="version" value={version ?? String(results.data.version)} onChange={(e) => setVersion((e.target as HTMLSelectElement).value)}>
              {results.data.versions.map((v) => (
                <option key={v} value={String(v)}>
                  Version {v}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <a class="button" href={`/api/surveys/${encodeURIComponent(id)}/responses.csv${version ? `?version=${version}` : ""}`} download>
          Download all responses (CSV)
        </a>
      </div>
      {partnerView ? <PartnerView id={id} version={version} /> : <FullView results={results} />}
      <RawTable id={id} version={version} />
    </>
  );
}

function FullView(props: { results: ReturnType<typeof useAsync<Awaited<ReturnType<typeof loadResults>>>> }) {
  const { results } = props;
  if (results.error) return <Failure error={results.error} retry={results.reload} />;
  if (!results.data) return <Loading what="results" />;
  const r = results.data;
  return (
    <section aria-label="All answers (your full view)">
      <p>
        {r.respondents} respondent{r.respondents === 1 ? "" : "s"}, {r.complete} answered every question they were shown. This is your full view: partners see less.
      </p>
      {r.questions.map((q, i) => (
        <section class="card" key={q.id} aria-labelledby={`res-${q.id}`}>
          <h3 id={`res-${q.id}`} style="margin-top:0">
            {i + 1}. {q.text}
          </h3>
          <p class="hint">{q.answered} answered</p>
          {q.options.length ? <BarChart caption={`Answers to question ${i + 1}`} rows={q.options.map((o) => ({ label: o.label, value: o.count, note: `${o.pct}%` }))} /> : null}
          {q.stats ? (
            <p>
              Average {q.stats.mean ?? "—"}, median {q.stats.median ?? "—"} ({q.stats.n} answers)
            </p>
          ) : null}
          {q.texts ? (
            <details>
              <summary>
                {q.texts.length} written answer{q.texts.length === 1 ? "" : "s"}
              </summary>
              <ul>
                {q.texts.map((t, k) => (
                  <li key={k}>
                    <bdi>{t}</bdi>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </section>
      ))}
    </section>
  );
}
const loadResults = (id: string) => unwrap(api.surveys[":id"].results.$get({ param: { id }, query: {} }));

/** The suppressed release partners would receive: hidden cells say so, never show a number. */
function PartnerView(props: { id: string; version?: string }) {
  const view = useAsync(() => unwrap(api.surveys[":id"].results.partners.$get({ param: { id: props.id }, query: { version: props.version } })), [props.id, props.version]);
  if (view.error) return <Failure error={view.error} retry={view.reload} />;
  if (!view.data) return <Loading what="what partners will see" />;
  const { release, questions, k } = view.data;
  if (release.respondents === null)
    return (
      <p class="notice warn" data-partner-view="withheld">
        Partners will see nothing yet: fewer than {k} families have answered, and no group smaller than {k} is ever shown.
      </p>
    );
  const label = (qid: string, key: string) => questions.find((q) => q.id === qid)?.labels[key] ?? key;
  return (
    <section aria-label="What partners will see" data-partner-view="shown">
      <p class="notice ok">
        Partners see {release.respondents} respondents. Groups smaller than {k} are hidden ({release.withheld.cells} figures hidden, {release.withheld.segments} small groups merged into “Other”
        {release.withheld.questions ? `, ${release.withheld.questions} questions withheld` : ""}).
      </p>
      {release.questions.map((q) => {
        const text = questions.find((x) => x.id === q.id)?.text ?? q.id;
        return (
          <section class="card" key={q.id}>
            <h3 style="margin-top:0">{text}</h3>
            {q.withheld ? (
              <p>Withheld: no figure could be shown without revealing a small group.</p>
            ) : (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Answer</th>
                      <th scope="col" class="num">
                        Everyone
                      </th>
                      {release.breakdowns.flatMap((b) =>
                        b.columns.map((c, ci) => (
                          <th scope="col" class="num" key={`${b.dimension}-${ci}`}>
                            {c.other ? "Other" : b.dimension === "language" ? languageName(c.values[0]!) : c.values[0]}
                          </th>
                        )),
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {q.rows.map((row) => (
                      <tr key={row.key}>
                        <th scope="row">{label(q.id, row.key)}</th>
                        <Cell cell={row.all} />
                        {release.breakdowns.flatMap((b) => (row.by[b.dimension] ?? []).map((c, ci) => <Cell key={`${b.dimension}-${ci}`} cell={c} />))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
    </section>
  );
}

function Cell(props: { cell: { count: number; pct: number } | null }) {
  return props.cell ? (
    <td class="num">
      {props.cell.count} ({props.cell.pct}%)
    </td>
  ) : (
    <td class="num">
      <span aria-label="hidden">—</span>
    </td>
  );
}

const PAGE = 25;

function RawTable(props: { id: string; version?: string }) {
  const [offset, setOffset] = useState(0);
  const table = useAsync(() => unwrap(api.surveys[":id"].responses.$get({ param: { id: props.id }, query: { version: props.version, limit: String(PAGE), offset: String(offset) } })), [props.id, props.version, offset]);
  return (
    <>
      <h2>Raw responses</h2>
      {table.error ? <Failure error={table.error} retry={table.reload} /> : null}
      {table.data ? (
        <>
          <p class="hint">
            {table.data.anonymity === "anonymous" ? "Anonymous survey: responses hold no names or contact details, and only the day they were given." : "Confidential survey: each response shows its family, for follow-up. Partners never see this."}
          </p>
          <div class="table-wrap">
            <table>
              <caption class="sr-only">Raw responses</caption>
              <thead>
                <tr>
                  {table.data.columns.map((c) => (
                    <th scope="col" key={c.key}>
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.data.rows.map((row, i) => (
                  <tr key={offset + i}>
                    {table.data!.columns.map((c) => (
                      <td key={c.key}>
                        <bdi>{String(row[c.key] ?? "")}</bdi>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="actions">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous
            </button>
            <span>
              {table.data.total === 0 ? "No responses yet" : `${offset + 1}–${Math.min(offset + PAGE, table.data.total)} of ${table.data.total}`}
            </span>
            <button type="button" disabled={offset + PAGE >= table.data.total} onClick={() => setOffset(offset + PAGE)}>
              Next
            </button>
          </div>
        </>
      ) : (
        !table.error && <Loading what="responses" />
      )}
    </>
  );
}
