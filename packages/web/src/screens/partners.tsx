/** @jsxImportSource preact */
// Partners: the community organisations that receive summaries. Create and edit them (language,
// frequency, data-sharing agreement dates, privacy threshold, surveys shared), preview the email each
// will receive next, and send it now.
import { useState } from "preact/hooks";
import { api, unwrap } from "../api";
import { Confirm, Failure, Field, LANGUAGES, Loading, announce, fieldError, languageName, useAsync } from "../ui";

type Partner = Awaited<ReturnType<typeof loadPartners>>[number];
const loadPartners = () => unwrap(api.partners.$get());

const KINDS = { business: "Business", university: "University", nonprofit: "Non-profit", faith: "Faith-based group", government: "Government, library or museum", other: "Other" } as const;
type Kind = keyof typeof KINDS;

const titleOf = (s?: { title: Record<string, string>; defaultLanguage: string }) => (s ? s.title[s.defaultLanguage] : undefined);
const today = () => new Date().toISOString().slice(0, 10);
const nextYear = () => new Date(Date.now() + 365 * 86400_000).toISOString().slice(0, 10);
const empty = () => ({ name: "", kind: "nonprofit" as Kind, emails: "", language: "en", frequency: "weekly" as "weekly" | "monthly", threshold: "", start: today(), end: nextYear(), surveyIds: [] as string[] });

export function PartnersScreen() {
  const partners = useAsync(loadPartners, []);
  const surveys = useAsync(() => unwrap(api.surveys.$get()), []);
  const org = useAsync(() => unwrap(api.organisation.$get()), []);
  const [editing, setEditing] = useState<Partner | "new" | undefined>();
  const [removing, setRemoving] = useState<Partner | undefined>();
  const remove = async () => {
    const p = removing!;
    setRemoving(undefined);
    try {
      await unwrap(api.partners[":id"].$delete({ param: { id: p.id } }));
      announce(`${p.name} was removed. No more summaries go to them.`);
      partners.reload();
    } catch (err) {
      announce((err as Error).message, "bad");
    }
  };
  return (
    <>
      <h1>Partners</h1>
      <p class="lead">Community organisations that receive anonymised summaries of the surveys you share with them, while their data-sharing agreement is active.</p>
      {editing ? (
        <PartnerForm
          partner={editing === "new" ? undefined : editing}
          surveys={(surveys.data ?? []).map((s) => ({ id: s.survey.id, title: titleOf(s.survey) ?? s.survey.id }))}
          floor={org.data?.privacyFloor ?? 10}
          onDone={() => (setEditing(undefined), partners.reload())}
          onCancel={() => setEditing(undefined)}
        />
      ) : (
        <p>
          <button type="button" class="primary" onClick={() => setEditing("new")}>
            Add a partner
          </button>
        </p>
      )}
      {partners.error ? <Failure error={partners.error} retry={partners.reload} /> : null}
      {partners.loading && !partners.data ? <Loading what="partners" /> : null}
      {partners.data?.length === 0 ? <p>No partners yet.</p> : null}
      {partners.data?.map((p) => (
        <section class="card" key={p.id} aria-labelledby={`p-${p.id}`}>
          <h2 id={`p-${p.id}`} style="margin-top:0">
            {p.name}
          </h2>
          <p>
            {KINDS[p.kind]} · summaries {p.frequency} in {languageName(p.language)} · agreement {p.agreement.start} to {p.agreement.end}
            {p.privacyThreshold ? ` · threshold ${p.privacyThreshold}` : ""}
          </p>
          <p class="hint">{p.contactEmails.join(", ")}</p>
          <div class="actions">
            <button type="button" onClick={() => setEditing(p)}>
              Edit
            </button>
            <button type="button" class="danger" onClick={() => setRemoving(p)}>
              Remove
            </button>
          </div>
          <h3>Surveys shared</h3>
          {p.surveyIds.length === 0 ? <p>None yet: edit the partner to share a survey.</p> : null}
          {p.surveyIds.map((sid) => (
            <SharedSurvey key={sid} partner={p} surveyId={sid} title={titleOf(surveys.data?.find((s) => s.survey.id === sid)?.survey) ?? sid} />
          ))}
        </section>
      ))}
      <Confirm open={Boolean(removing)} title={`Remove ${removing?.name ?? ""}?`} confirm="Remove partner" danger onConfirm={remove} onClose={() => setRemoving(undefined)}>
        <p>They stop receiving summaries of every survey. Emails already sent stay in their inbox.</p>
      </Confirm>
    </>
  );
}

/** One shared survey: preview the partner's next email (exactly as it would go out) or send it now. */
function SharedSurvey(props: { partner: Partner; surveyId: string; title: string }) {
  const [preview, setPreview] = useState<{ subject: string; html: string; due: boolean; k: number } | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const params = { id: props.surveyId, partnerId: props.partner.id };
  const show = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setPreview(await unwrap(api.surveys[":id"].summaries[":partnerId"].preview.$get({ param: params })));
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const sendNow = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const sent = await unwrap(api.surveys[":id"].summaries[":partnerId"].send.$post({ param: params, json: {} }));
      const outcomes = Object.values(sent.outcomes);
      const failed = outcomes.filter((o) => o === "failed").length;
      announce(failed ? `Sent to ${outcomes.length - failed} of ${outcomes.length} addresses; ${failed} failed and will be retried.` : `Summary sent to ${props.partner.name}.`, failed ? "bad" : "ok");
    } catch (err) {
      setError(err as Error);
      announce((err as Error).message, "bad");
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="card">
      <p style="margin-top:0">
        <strong>{props.title}</strong>
      </p>
      <div class="row">
        <button type="button" onClick={show} disabled={busy}>
          Preview next email
        </button>
        <button type="button" onClick={sendNow} disabled={busy}>
          Send now
        </button>
        <a class="button" href={`/api/surveys/${encodeURIComponent(props.surveyId)}/summaries/${encodeURIComponent(props.partner.id)}/csv`} download>
          Partner CSV
        </a>
      </div>
      {error ? (
        <p class="notice bad" role="alert">
          {error.message}
        </p>
      ) : null}
      {preview ? (
        <div class="preview">
          <p>
            <strong>Subject:</strong> {preview.subject}
          </p>
          {!preview.due ? <p class="notice warn">Nothing would be sent right now (the agreement is not active or the survey is not open); this is what it would look like.</p> : null}
          <iframe title={`Email preview for ${props.partner.name}`} sandbox="" srcdoc={preview.html} />
        </div>
      ) : null}
    </div>
  );
}

function PartnerForm(props: { partner?: Partner; surveys: { id: string; title: string }[]; floor: number; onDone: () => void; onCancel: () => void }) {
  const p = props.partner;
  const [form, setForm] = useState(
    p
      ? { name: p.name, kind: p.kind as Kind, emails: p.contactEmails.join(", "), language: p.language, frequency: p.frequency, threshold: p.privacyThreshold ? String(p.privacyThreshold) : "", start: p.agreement.start, end: p.agreement.end, surveyIds: p.surveyIds }
      : empty(),
  );
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof typeof form>(k: K, v: (typeof form)[K]) => setForm((f) => ({ ...f, [k]: v }));
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const json = {
      name: form.name,
      kind: form.kind,
      contactEmails: form.emails.split(/[\s,;]+/).filter(Boolean),
      language: form.language,
      frequency: form.frequency,
      privacyThreshold: form.threshold ? Number(form.threshold) : undefined,
      agreement: { start: form.start, end: form.end },
      surveyIds: form.surveyIds,
    };
    try {
      if (p) await unwrap(api.partners[":id"].$patch({ param: { id: p.id }, json }));
      else await unwrap(api.partners.$post({ json }));
      announce(p ? "Partner saved." : "Partner added.");
      props.onDone();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const known = ["name", "contactEmails", "privacyThreshold", "agreement.start", "agreement.end"];
  const emailsError = error ? (known.map((k) => (k.startsWith("contactEmails") ? fieldError(error, k) : undefined)).find(Boolean) ?? (error.message.startsWith("contactEmails") ? error.message.replace(/^contactEmails[.\d]*: /, "") : undefined)) : undefined;
  const general = error && !known.some((k) => fieldError(error, k)) && !emailsError ? error.message : undefined;
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="pf-h">
      <h2 id="pf-h" style="margin-top:0">
        {p ? `Edit ${p.name}` : "New partner"}
      </h2>
      <div class="grid cols-2">
        <Field label="Name" error={fieldError(error, "name")}>
          {({ id, describedBy, invalid }) => <input id={id} value={form.name} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set("name", (e.target as HTMLInputElement).value)} />}
        </Field>
        <Field label="Kind of organisation">
          {({ id }) => (
            <select id={id} value={form.kind} onChange={(e) => set("kind", (e.target as HTMLSelectElement).value as Kind)}>
              {Object.entries(KINDS).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Contact emails" hint="Separate several with commas." error={emailsError}>
          {({ id, describedBy, invalid }) => <input id={id} type="text" inputMode="email" value={form.emails} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set("emails", (e.target as HTMLInputElement).value)} />}
        </Field>
        <Field label="Language of their emails">
          {({ id }) => (
            <select id={id} value={form.language} onChange={(e) => set("language", (e.target as HTMLSelectElement).value)}>
              {Object.entries(LANGUAGES).map(([tag, name]) => (
                <option key={tag} value={tag}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="How often">
          {({ id }) => (
            <select id={id} value={form.frequency} onChange={(e) => set("frequency", (e.target as HTMLSelectElement).value as "weekly" | "monthly")}>
              <option value="weekly">Weekly while a survey is open</option>
              <option value="monthly">Monthly while a survey is open</option>
            </select>
          )}
        </Field>
        <Field label="Privacy threshold (optional)" hint={`Never below your organisation's floor of ${props.floor}.`} error={fieldError(error, "privacyThreshold")}>
          {({ id, describedBy, invalid }) => <input id={id} type="number" min={props.floor} value={form.threshold} placeholder={String(props.floor)} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set("threshold", (e.target as HTMLInputElement).value)} />}
        </Field>
        <Field label="Data-sharing agreement starts" error={fieldError(error, "agreement.start")}>
          {({ id, describedBy, invalid }) => <input id={id} type="date" value={form.start} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set("start", (e.target as HTMLInputElement).value)} />}
        </Field>
        <Field label="Data-sharing agreement ends" error={fieldError(error, "agreement.end")}>
          {({ id, describedBy, invalid }) => <input id={id} type="date" value={form.end} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set("end", (e.target as HTMLInputElement).value)} />}
        </Field>
      </div>
      <fieldset>
        <legend>Surveys shared with this partner</legend>
        {props.surveys.length === 0 ? <p>No surveys yet.</p> : null}
        {props.surveys.map((s) => (
          <label class="check" key={s.id}>
            <input type="checkbox" checked={form.surveyIds.includes(s.id)} onChange={(e) => set("surveyIds", (e.target as HTMLInputElement).checked ? [...form.surveyIds, s.id] : form.surveyIds.filter((x) => x !== s.id))} />
            {s.title}
          </label>
        ))}
      </fieldset>
      {general ? (
        <p class="notice bad" role="alert">
          {general}
        </p>
      ) : null}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {p ? "Save partner" : "Add partner"}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
