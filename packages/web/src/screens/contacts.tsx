/** @jsxImportSource preact */
// Contacts: import the school's CSV (checked first, with the column mapping shown and editable, then
// imported, with the per-row report), and find or erase one contact. The file is parsed on the server;
// the page only reads the header line to offer the columns, so a 5,000-row file never blocks it.
import { useState } from "preact/hooks";
import { ApiError, api, send, unwrap } from "../api";
import { Confirm, Failure, Field, Loading, announce, languageName, useAsync } from "../ui";

type Report = {
  encoding: string;
  mapping: Mapping;
  rows: number;
  counts: { accepted: number; fixed: number; rejected: number; merged: number; created: number; updated: number; unchanged: number };
  dryRun: boolean;
  report: { line: number; person?: number; status: "accepted" | "fixed" | "rejected"; merged?: string; issues: { field: string; code: string; message: string }[] }[];
};
type Column = string | string[];
type Mapping = { name?: Column; email?: Column; phone?: Column; language?: string; channel?: string; attributes: Record<string, string>; people?: unknown[]; where?: unknown; oneRoster?: boolean };

const FIELDS = [
  ["name", "Name"],
  ["email", "Email"],
  ["phone", "Phone"],
  ["language", "Language"],
  ["channel", "Preferred channel"],
] as const;
const ATTRIBUTES = [
  ["site", "School or programme (site)"],
  ["grade_band", "Grade band"],
] as const;

/** The header line's columns, read from the first bytes only (delimiter guessed like the server). */
async function headersOf(file: File) {
  const head = await file.slice(0, 64 * 1024).text();
  const line = head.replace(/^\ufeff/, "").split(/\r?\n/)[0] ?? "";
  const delimiter = [",", ";", "\t", "|"].map((d) => [d, line.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  return line.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, "")).filter(Boolean);
}

/** Large files are gzipped in the browser (the API accepts gzip) to stay within the request limit. */
async function body(file: File) {
  if (file.size < 1024 * 1024 || typeof CompressionStream === "undefined") return file;
  return new Response(file.stream().pipeThrough(new CompressionStream("gzip"))).blob();
}

export function ContactsScreen() {
  return (
    <>
      <h1>Contacts</h1>
      <p class="lead">Families you can invite. Their names, emails and phone numbers stay here: they never appear in results, summaries or logs.</p>
      <Import />
      <Directory />
    </>
  );
}

function Import() {
  const [file, setFile] = useState<File | undefined>();
  const [headers, setHeaders] = useState<string[]>([]);
  const [mapping, setMapping] = useState<Mapping | undefined>();
  const [report, setReport] = useState<Report | undefined>();
  const [busy, setBusy] = useState<"checking" | "importing" | undefined>();
  const [error, setError] = useState<Error | undefined>();

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? "checking" : "importing");
    setError(undefined);
    try {
      const form = new FormData();
      form.append("file", await body(file), file.name);
      if (mapping) form.append("mapping", JSON.stringify(mapping));
      form.append("dryRun", String(dryRun));
      const result = await send<Report>("/api/contacts/import", { method: "POST", body: form, headers: { accept: "application/json" } });
      setReport(result);
      if (dryRun) setMapping(result.mapping);
      announce(dryRun ? `Checked ${result.rows} rows.` : `Imported: ${result.counts.created} new, ${result.counts.updated} updated, ${result.counts.rejected} rejected.`, result.counts.rejected && !dryRun ? "bad" : "ok");
    } catch (err) {
      setError(err as Error);
      announce("The file could not be imported.", "bad");
    } finally {
      setBusy(undefined);
    }
  };
  const choose = async (f: File | undefined) => {
    setFile(f);
    setReport(undefined);
    setMapping(undefined);
    setError(undefined);
    setHeaders(f ? await headersOf(f) : []);
  };
  // A combined column (first + last name) stays an array when it is kept as it was recognised.
  const setColumn = (field: (typeof FIELDS)[number][0], value: string) =>
    setMapping((m) => (m ? { ...m, [field]: Array.isArray(m[field]) && shown(m[field]) === value ? m[field] : value || undefined } : m));
  const setAttribute = (name: string, value: string) =>
    setMapping((m) => {
      if (!m) return m;
      const attributes = { ...m.attributes };
      if (value) attributes[name] = value;
      else delete attributes[name];
      return { ...m, attributes };
    });
  const shown = (c: Column | undefined) => (Array.isArray(c) ? c.join(" + ") : (c ?? ""));

  return (
    <section class="card" aria-labelledby="import-h">
      <h2 id="import-h" style="margin-top:0">
        Import a CSV file
      </h2>
      <p class="hint">An export from your student information system (PowerSchool, OneRoster) or your own spreadsheet. We check it first and change nothing until you import.</p>
      <Field label="CSV file" error={error instanceof ApiError ? error.message : error?.message}>
        {({ id, describedBy, invalid }) => (
          <input id={id} type="file" accept=".csv,text/csv,.txt" aria-describedby={describedBy} aria-invalid={invalid} onChange={(e) => choose((e.target as HTMLInputElement).files?.[0])} />
        )}
      </Field>
      <div class="actions">
        <button type="button" class="primary" disabled={!file || Boolean(busy)} onClick={() => run(true)}>
          Check the file
        </button>
      </div>
      {busy ? (
        <div role="status">
          <progress aria-label={busy === "checking" ? "Checking the file" : "Importing"} />
          <p>{busy === "checking" ? "Reading and checking every row on the server…" : "Importing…"} You can keep working on other screens.</p>
        </div>
      ) : null}
      {mapping && report ? (
        <>
          <h3>Columns</h3>
          <p class="hint">
            We recognised these columns (file read as {report.encoding}). Change any that are wrong, then check again or import.
            {mapping.people || mapping.oneRoster ? " This file has several guardians per row; their columns are used as recognised." : ""}
          </p>
          <div class="grid cols-3">
            {FIELDS.map(([field, label]) => (
              <Field key={field} label={label}>
                {({ id }) => (
                  <select id={id} value={shown(mapping[field])} onChange={(e) => setColumn(field, (e.target as HTMLSelectElement).value)}>
                    <option value="">(not in this file)</option>
                    {Array.isArray(mapping[field]) ? <option value={shown(mapping[field])}>{shown(mapping[field])}</option> : null}
                    {headers.map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ))}
            {ATTRIBUTES.map(([name, label]) => (
              <Field key={name} label={label}>
                {({ id }) => (
                  <select id={id} value={mapping.attributes[name] ?? ""} onChange={(e) => setAttribute(name, (e.target as HTMLSelectElement).value)}>
                    <option value="">(not in this file)</option>
                    {headers.map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ))}
          </div>
          <ImportReport report={report} />
          <div class="actions">
            <button type="button" disabled={Boolean(busy)} onClick={() => run(true)}>
              Check again
            </button>
            {report.dryRun ? (
              <button type="button" class="primary" disabled={Boolean(busy) || report.counts.accepted + report.counts.fixed === 0} onClick={() => run(false)}>
                Import {report.counts.accepted + report.counts.fixed} contacts
              </button>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}

function ImportReport(props: { report: Report }) {
  const { report } = props;
  const c = report.counts;
  return (
    <div data-import-report={report.dryRun ? "checked" : "imported"}>
      <h3>{report.dryRun ? "What importing would do" : "Import report"}</h3>
      <p>
        {report.rows} rows: <strong>{c.accepted}</strong> accepted, <strong>{c.fixed}</strong> fixed, <strong>{c.rejected}</strong> rejected
        {c.merged ? `, ${c.merged} merged with another row or an existing contact` : ""}.
        {report.dryRun ? "" : ` ${c.created} contacts created, ${c.updated} updated, ${c.unchanged} unchanged.`}
      </p>
      {report.report.length ? (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">Rows with something to report</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Outcome</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {report.report.slice(0, 200).map((r) => (
                <tr key={`${r.line}-${r.person ?? 0}`}>
                  <td>
                    {r.line}
                    {r.person ? ` (guardian ${r.person})` : ""}
                  </td>
                  <td>{r.status}{r.merged ? ", merged" : ""}</td>
                  <td>{r.issues.map((i) => `${i.field}: ${i.message}`).join("; ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.report.length > 200 ? <p class="hint">Showing the first 200 of {report.report.length} rows with something to report.</p> : null}
        </div>
      ) : null}
    </div>
  );
}

type ContactList = Awaited<ReturnType<typeof search>>;
const search = (q: string, cursor?: string) => unwrap(api.contacts.$get({ query: { q: q || undefined, cursor, limit: "50" } }));

function Directory() {
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  const [more, setMore] = useState<ContactList["contacts"]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const list = useAsync(async () => {
    const page = await search(query);
    setMore([]);
    setCursor(page.cursor);
    return page;
  }, [query]);
  const [erasing, setErasing] = useState<{ id: string; name: string } | undefined>();
  const contacts = [...(list.data?.contacts ?? []), ...more];
  const erase = async () => {
    if (!erasing) return;
    const who = erasing;
    setErasing(undefined);
    try {
      await unwrap(api.contacts[":id"].$delete({ param: { id: who.id } }));
      announce(`${who.name} was erased.`);
      list.reload();
    } catch (err) {
      announce((err as Error).message, "bad");
    }
  };
  const loadMore = async () => {
    if (!cursor) return;
    const page = await search(query, cursor);
    setMore((m) => [...m, ...page.contacts]);
    setCursor(page.cursor);
  };
  return (
    <section class="card" aria-labelledby="find-h">
      <h2 id="find-h" style="margin-top:0">
        Find a contact
      </h2>
      <form class="row" role="search" onSubmit={(e) => (e.preventDefault(), setQuery(q.trim()))}>
        <div class="grow">
          <label for="contact-q">Name, email or phone</label>
          <input id="contact-q" type="search" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        </div>
        <button type="submit">Search</button>
      </form>
      {list.error ? <Failure error={list.error} retry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading what="contacts" /> : null}
      {list.data ? (
        contacts.length === 0 ? (
          <p>{query ? "No contact matches." : "No contacts yet: import a file above."}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption class="sr-only">Contacts</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Phone</th>
                  <th scope="col">Language</th>
                  <th scope="col" class="hide-narrow">
                    Site
                  </th>
                  <th scope="col">
                    <span class="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {contacts.map((c) => (
                  <tr key={c.id}>
                    <td>{c.name ?? "—"}</td>
                    <td>
                      {c.email ?? "—"}
                      {c.optedOut.email ? <span class="hint">opted out</span> : null}
                    </td>
                    <td>
                      {c.phone ?? "—"}
                      {c.optedOut.sms ? <span class="hint">opted out</span> : null}
                    </td>
                    <td>{languageName(c.language)}</td>
                    <td class="hide-narrow">{c.attributes.site ?? "—"}</td>
                    <td>
                      <button type="button" class="small danger" onClick={() => setErasing({ id: c.id, name: c.name ?? c.email ?? c.phone ?? "This contact" })} aria-label={`Erase ${c.name ?? c.email ?? c.phone}`}>
                        Erase
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {cursor ? (
        <button type="button" onClick={loadMore}>
          {query ? "Search further" : "Show more"}
        </button>
      ) : null}
      <Confirm open={Boolean(erasing)} title={`Erase ${erasing?.name ?? ""}?`} confirm="Erase" danger onConfirm={erase} onClose={() => setErasing(undefined)}>
        <p>Their name, email and phone number are deleted for good. If they had opted out, we still remember not to message that address.</p>
      </Confirm>
    </section>
  );
}
