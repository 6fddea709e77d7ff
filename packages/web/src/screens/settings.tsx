/** @jsxImportSource preact */
// Survey settings: anonymity (explained plainly, fixed once families have answered under it), the
// reporting dimensions, open and close dates, reminders, partners to share with, the privacy threshold
// (never below the organisation's floor) and which comments partners may see.
import { useState } from "preact/hooks";
import { api, unwrap } from "../api";
import type { Me } from "../main";
import { Failure, Field, Loading, announce, fieldError, useAsync } from "../ui";
import type { Detail } from "./survey";

const DIMENSIONS = [
  ["site", "School or programme (site)"],
  ["grade_band", "Grade band"],
  ["language", "Language the family answered in"],
  ["channel", "How they were invited (email or text message)"],
] as const;

/** An ISO date-time as the value of a datetime-local input (the coordinator's own time zone). */
const toLocal = (iso?: string) => {
  if (!iso) return "";
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
};
const fromLocal = (value: string) => (value ? new Date(value).toISOString() : undefined);

export function SettingsTab(props: { detail: Detail; me: Me; onSaved: () => void }) {
  const { survey, content } = props.detail;
  const org = useAsync(() => unwrap(api.organisation.$get()), []);
  const partners = useAsync(() => unwrap(api.partners.$get()), []);
  const [form, setForm] = useState({
    anonymity: survey.anonymity,
    dimensions: survey.dimensions as string[],
    opensAt: toLocal(survey.opensAt),
    closesAt: toLocal(survey.closesAt),
    remindersMax: survey.reminders.max,
    remindersEvery: survey.reminders.everyDays,
    partnerIds: survey.partnerIds,
    threshold: survey.privacyThreshold ? String(survey.privacyThreshold) : "",
    shareComments: survey.shareComments,
  });
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof typeof form>(k: K, v: (typeof form)[K]) => setForm((f) => ({ ...f, [k]: v }));
  const toggle = (list: string[], v: string, on: boolean) => (on ? [...new Set([...list, v])] : list.filter((x) => x !== v));
  const floor = org.data?.privacyFloor ?? 10;
  const launched = Boolean(survey.launchedVersion);
  const textQuestions = content.questions.filter((q) => q.type === "short_text" || q.type === "long_text");
  const thresholdLocal = form.threshold && Number(form.threshold) < floor ? `At least ${floor}, your organisation's floor.` : undefined;

  const save = async (e: Event) => {
    e.preventDefault();
    if (thresholdLocal) return;
    setBusy(true);
    setError(undefined);
    try {
      await unwrap(
        api.surveys[":id"].settings.$patch({
          param: { id: survey.id },
          json: {
            ...(launched ? {} : { anonymity: form.anonymity }),
            dimensions: form.dimensions as ("site" | "grade_band" | "language" | "channel")[],
            opensAt: fromLocal(form.opensAt),
            closesAt: fromLocal(form.closesAt),
            reminders: { max: form.remindersMax, everyDays: form.remindersEvery },
            partnerIds: form.partnerIds,
            privacyThreshold: form.threshold ? Number(form.threshold) : undefined,
            shareComments: form.shareComments,
          },
        }),
      );
      announce("Settings saved.");
      props.onSaved();
    } catch (err) {
      setError(err as Error);
      announce("Settings not saved.", "bad");
    } finally {
      setBusy(false);
    }
  };
  const general = error && !["privacyThreshold", "closesAt", "opensAt", "reminders.max", "reminders.everyDays"].some((p) => fieldError(error, p)) ? error.message : undefined;

  return (
    <form onSubmit={save} noValidate>
      <fieldset class="card">
        <legend>Anonymity</legend>
        {launched ? <p class="notice warn">Families have already answered under this promise, so it cannot change now.</p> : null}
        <label class="check">
          <input type="radio" name="anonymity" value="anonymous" checked={form.anonymity === "anonymous"} disabled={launched} onChange={() => set("anonymity", "anonymous")} />
          <span>
            <strong>Anonymous</strong> (recommended). Nobody, not even you, can tell who gave an answer: we keep no name, no link, no address and no time of day with it. You see whether a
            family has answered only so that reminders skip them.
          </span>
        </label>
        <label class="check">
          <input type="radio" name="anonymity" value="confidential" checked={form.anonymity === "confidential"} disabled={launched} onChange={() => set("anonymity", "confidential")} />
          <span>
            <strong>Confidential</strong>. You (coordinators) can see which family gave each answer, to follow up with them. Partners never see who answered. Tell families this
            before they answer: the form says so on every page.
          </span>
        </label>
      </fieldset>

      <fieldset class="card">
        <legend>Compare results by</legend>
        <p class="hint">Only what you tick here is copied onto each answer. Fewer comparisons keep small groups safer.</p>
        {DIMENSIONS.map(([d, label]) => (
          <label class="check" key={d}>
            <input type="checkbox" checked={form.dimensions.includes(d)} disabled={launched} onChange={(e) => set("dimensions", toggle(form.dimensions, d, (e.target as HTMLInputElement).checked))} />
            {label}
          </label>
        ))}
        {launched ? <p class="hint">Comparisons are fixed after launch, so every answer carries the same ones.</p> : null}
      </fieldset>

      <fieldset class="card">
        <legend>Dates and reminders</legend>
        <div class="grid cols-2">
          <Field label="Opens (optional)" hint="Links work from then on." error={fieldError(error, "opensAt")}>
            {({ id, describedBy, invalid }) => <input id={id} type="datetime-local" value={form.opensAt} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set("opensAt", (e.target as HTMLInputElement).value)} />}
          </Field>
          <Field label="Closes (optional)" hint="Links stop working then." error={fieldError(error, "closesAt")}>
            {({ id, describedBy, invalid }) => <input id={id} type="datetime-local" value={form.closesAt} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set("closesAt", (e.target as HTMLInputElement).value)} />}
          </Field>
          <Field label="Reminders to families who have not answered" hint="0 to 5." error={fieldError(error, "reminders.max")}>
            {({ id, describedBy, invalid }) => <input id={id} type="number" min={0} max={5} value={form.remindersMax} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set("remindersMax", Number((e.target as HTMLInputElement).value))} />}
          </Field>
          <Field label="Days between reminders" hint="1 to 60." error={fieldError(error, "reminders.everyDays")}>
            {({ id, describedBy, invalid }) => <input id={id} type="number" min={1} max={60} value={form.remindersEvery} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set("remindersEvery", Number((e.target as HTMLInputElement).value))} />}
          </Field>
        </div>
      </fieldset>

      <fieldset class="card">
        <legend>Partners who receive summaries</legend>
        {partners.error ? <Failure error={partners.error} retry={partners.reload} /> : null}
        {partners.loading && !partners.data ? <Loading what="partners" /> : null}
        {partners.data?.length === 0 ? (
          <p>
            No partners yet. <a href="#/partners">Add one</a>.
          </p>
        ) : null}
        {partners.data?.map((p) => (
          <label class="check" key={p.id}>
            <input type="checkbox" checked={form.partnerIds.includes(p.id)} onChange={(e) => set("partnerIds", toggle(form.partnerIds, p.id, (e.target as HTMLInputElement).checked))} />
            {p.name} <span class="hint">({p.frequency}, agreement {p.agreement.start} to {p.agreement.end})</span>
          </label>
        ))}
        <Field
          label="Privacy threshold for this survey (optional)"
          hint={`Partners never see a group smaller than this. Your organisation's floor is ${floor}; you can raise it for this survey, never lower it.`}
          error={thresholdLocal ?? fieldError(error, "privacyThreshold")}
        >
          {({ id, describedBy, invalid }) => (
            <input id={id} type="number" min={floor} max={1000} placeholder={String(floor)} value={form.threshold} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set("threshold", (e.target as HTMLInputElement).value)} />
          )}
        </Field>
        {textQuestions.length ? (
          <fieldset>
            <legend>Comments partners may read</legend>
            <p class="hint">Free-text answers stay with you unless you tick a question here. Then partners see them only for groups of at least the threshold, with names, emails, phone numbers and addresses removed.</p>
            {textQuestions.map((q) => (
              <label class="check" key={q.id}>
                <input type="checkbox" checked={form.shareComments.includes(q.id)} onChange={(e) => set("shareComments", toggle(form.shareComments, q.id, (e.target as HTMLInputElement).checked))} />
                {q.text[content.defaultLanguage]}
              </label>
            ))}
          </fieldset>
        ) : null}
      </fieldset>
      {general ? (
        <p class="notice bad" role="alert">
          {general}
        </p>
      ) : null}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Saving…" : "Save settings"}
        </button>
      </div>
    </form>
  );
}
