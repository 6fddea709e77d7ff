/** @jsxImportSource preact */
// The organisation: its settings (the privacy floor above all), sites and coordinators. Everyone may
// read them; only an admin may change them (the API refuses others, and the page says so up front).
import { useState } from "preact/hooks";
import { api, unwrap } from "../api";
import type { Me } from "../main";
import { Confirm, Failure, Field, Loading, announce, fieldError, useAsync } from "../ui";

export function OrganisationScreen(props: { me: Me }) {
  const admin = props.me.role === "admin";
  return (
    <>
      <h1>Organisation</h1>
      {!admin ? <p class="notice warn">Only an organisation admin can change these settings.</p> : null}
      <Settings admin={admin} />
      <Sites admin={admin} />
      <Coordinators admin={admin} me={props.me} />
    </>
  );
}

function Settings(props: { admin: boolean }) {
  const org = useAsync(() => unwrap(api.organisation.$get()), []);
  const [form, setForm] = useState<{ name: string; timeZone: string; privacyFloor: string; retentionDays: string } | undefined>();
  const [error, setError] = useState<Error | undefined>();
  if (org.error) return <Failure error={org.error} retry={org.reload} />;
  if (!org.data) return <Loading what="settings" />;
  const f = form ?? { name: org.data.name, timeZone: org.data.timeZone, privacyFloor: String(org.data.privacyFloor), retentionDays: String(org.data.retentionDays) };
  const set = (k: keyof typeof f, v: string) => setForm({ ...f, [k]: v });
  const save = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      org.set(await unwrap(api.organisation.$patch({ json: { name: f.name, timeZone: f.timeZone, privacyFloor: Number(f.privacyFloor), retentionDays: Number(f.retentionDays) } })));
      setForm(undefined);
      announce("Organisation settings saved.");
    } catch (err) {
      setError(err as Error);
    }
  };
  const floorLocal = Number(f.privacyFloor) < 5 ? "The floor can never be below 5: smaller groups identify families." : undefined;
  return (
    <form class="card" onSubmit={save} noValidate aria-labelledby="org-h">
      <h2 id="org-h" style="margin-top:0">
        Settings
      </h2>
      <fieldset disabled={!props.admin} style="border:0;padding:0;margin:0">
        <div class="grid cols-2">
          <Field label="Name" error={fieldError(error, "name")}>
            {({ id, describedBy, invalid }) => <input id={id} value={f.name} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set("name", (e.target as HTMLInputElement).value)} />}
          </Field>
          <Field label="Time zone" hint="Text messages go out only between 08:00 and 20:00 here." error={fieldError(error, "timeZone")}>
            {({ id, describedBy, invalid }) => <input id={id} value={f.timeZone} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set("timeZone", (e.target as HTMLInputElement).value)} />}
          </Field>
          <Field label="Privacy floor" hint="No group smaller than this is ever shown to partners. At least 5; 10 is recommended." error={floorLocal ?? fieldError(error, "privacyFloor")}>
            {({ id, describedBy, invalid }) => <input id={id} type="number" min={5} max={1000} value={f.privacyFloor} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set("privacyFloor", (e.target as HTMLInputElement).value)} />}
          </Field>
          <Field label="Keep responses and contacts for (days)" hint="Counted from when a survey closes." error={fieldError(error, "retentionDays")}>
            {({ id, describedBy, invalid }) => <input id={id} type="number" min={30} max={3650} value={f.retentionDays} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => set("retentionDays", (e.target as HTMLInputElement).value)} />}
          </Field>
        </div>
        {error && !["name", "timeZone", "privacyFloor", "retentionDays"].some((k) => fieldError(error, k)) ? (
          <p class="notice bad" role="alert">
            {error.message}
          </p>
        ) : null}
        {props.admin ? (
          <div class="actions">
            <button type="submit" class="primary" disabled={Boolean(floorLocal)}>
              Save settings
            </button>
          </div>
        ) : null}
      </fieldset>
    </form>
  );
}

function Sites(props: { admin: boolean }) {
  const sites = useAsync(() => unwrap(api.sites.$get()), []);
  const [name, setName] = useState("");
  const [code, setCode] = useState("");
  const [error, setError] = useState<Error | undefined>();
  const add = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      await unwrap(api.sites.$post({ json: { name, code: code || undefined } }));
      setName("");
      setCode("");
      announce("Site added.");
      sites.reload();
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <section class="card" aria-labelledby="sites-h">
      <h2 id="sites-h" style="margin-top:0">
        Sites
      </h2>
      {sites.error ? <Failure error={sites.error} retry={sites.reload} /> : null}
      <ul>
        {sites.data?.map((s) => (
          <li key={s.id}>
            {s.name}
            {s.code ? ` (${s.code})` : ""}
          </li>
        ))}
      </ul>
      {props.admin ? (
        <form class="row" onSubmit={add} noValidate>
          <div class="grow">
            <Field label="New site" error={fieldError(error, "name") ?? (error && !fieldError(error, "code") ? error.message : undefined)}>
              {({ id, describedBy, invalid }) => <input id={id} value={name} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => setName((e.target as HTMLInputElement).value)} />}
            </Field>
          </div>
          <div>
            <Field label="Code (optional)" error={fieldError(error, "code")}>
              {({ id }) => <input id={id} value={code} onInput={(e) => setCode((e.target as HTMLInputElement).value)} />}
            </Field>
          </div>
          <button type="submit">Add site</button>
        </form>
      ) : null}
    </section>
  );
}

function Coordinators(props: { admin: boolean; me: Me }) {
  const list = useAsync(() => unwrap(api.coordinators.$get()), []);
  const [form, setForm] = useState({ name: "", email: "", role: "coordinator" as "coordinator" | "admin" });
  const [error, setError] = useState<Error | undefined>();
  const [removing, setRemoving] = useState<{ id: string; name: string } | undefined>();
  const add = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      await unwrap(api.coordinators.$post({ json: { ...form, siteIds: [] } }));
      setForm({ name: "", email: "", role: "coordinator" });
      announce("Coordinator added. They sign in with their email.");
      list.reload();
    } catch (err) {
      setError(err as Error);
    }
  };
  const remove = async () => {
    const who = removing!;
    setRemoving(undefined);
    try {
      await unwrap(api.coordinators[":id"].$delete({ param: { id: who.id } }));
      announce(`${who.name} was removed.`);
      list.reload();
    } catch (err) {
      announce((err as Error).message, "bad");
    }
  };
  return (
    <section class="card" aria-labelledby="coord-h">
      <h2 id="coord-h" style="margin-top:0">
        Coordinators
      </h2>
      {list.error ? <Failure error={list.error} retry={list.reload} /> : null}
      <ul>
        {list.data?.map((c) => (
          <li key={c.id}>
            {c.name} ({c.email}), {c.role}
            {props.admin && c.id !== props.me.coordinatorId ? (
              <>
                {" "}
                <button type="button" class="small danger" onClick={() => setRemoving({ id: c.id, name: c.name })} aria-label={`Remove ${c.name}`}>
                  Remove
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {props.admin ? (
        <form onSubmit={add} noValidate>
          <div class="grid cols-3">
            <Field label="Name" error={fieldError(error, "name")}>
              {({ id, describedBy, invalid }) => <input id={id} value={form.name} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => setForm({ ...form, name: (e.target as HTMLInputElement).value })} />}
            </Field>
            <Field label="Email" error={fieldError(error, "email") ?? (error && !fieldError(error, "name") ? error.message : undefined)}>
              {({ id, describedBy, invalid }) => <input id={id} type="email" value={form.email} aria-describedby={describedBy} aria-invalid={invalid} onInput={(e) => setForm({ ...form, email: (e.target as HTMLInputElement).value })} />}
            </Field>
            <Field label="Role">
              {({ id }) => (
                <select id={id} value={form.role} onChange={(e) => setForm({ ...form, role: (e.target as HTMLSelectElement).value as "coordinator" | "admin" })}>
                  <option value="coordinator">Coordinator</option>
                  <option value="admin">Admin</option>
                </select>
              )}
            </Field>
          </div>
          <div class="actions">
            <button type="submit">Add coordinator</button>
          </div>
        </form>
      ) : null}
      <Confirm open={Boolean(removing)} title={`Remove ${removing?.name ?? ""}?`} confirm="Remove" danger onConfirm={remove} onClose={() => setRemoving(undefined)}>
        <p>They are signed out at once and can no longer sign in to this organisation.</p>
      </Confirm>
    </section>
  );
}
