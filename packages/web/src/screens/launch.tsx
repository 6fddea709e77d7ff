/** @jsxImportSource preact */
// Launch: what each language's email and text message will look like, the SMS segments and cost,
// how many contacts each channel reaches, then a confirmation, and sending progress that updates live.
// When the survey cannot be launched yet, every problem is listed at once.
import { useEffect, useState } from "preact/hooks";
import { ApiError, api, unwrap } from "../api";
import { href } from "../router";
import { Confirm, Failure, Loading, Problems, Progress, announce, languageName, useAsync } from "../ui";
import type { Detail } from "./survey";

type Channel = "email" | "sms";
const loadProgress = (id: string) => unwrap(api.surveys[":id"].sending.$get({ param: { id } }));
type ProgressData = Awaited<ReturnType<typeof loadProgress>>;
const money = (n: number) => n.toLocaleString(undefined, { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 4 });

export function LaunchTab(props: { detail: Detail; dirty: boolean; onLaunched: () => void }) {
  const { survey } = props.detail;
  const [channels, setChannels] = useState<Channel[]>(["email", "sms"]);
  const [acceptFallback, setAcceptFallback] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [launching, setLaunching] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; code?: string }[]>([]);
  const preview = useAsync(() => unwrap(api.surveys[":id"].launch.preview.$get({ param: { id: survey.id }, query: { channels: channels.join(",") } })), [survey.id, channels.join(",")]);
  const readiness = useAsync(() => unwrap(api.surveys[":id"].readiness.$get({ param: { id: survey.id }, query: { acceptFallback: String(acceptFallback) as "true" | "false" } })), [survey.id, acceptFallback, survey.updatedAt]);
  const progress = useAsync(() => loadProgress(survey.id), [survey.id]);

  // Live progress: poll while invitations are waiting to go out or a launch is running.
  const waiting = progress.data ? (progress.data.invitations.byStatus.queued ?? 0) + (progress.data.invitations.byStatus.pending ?? 0) : 0;
  const running = Boolean(progress.data?.launch?.running) || launching || waiting > 0;
  useEffect(() => {
    if (!running) return;
    const t = setInterval(progress.reload, 1500);
    return () => clearInterval(t);
  }, [running]);

  const reachable = preview.data ? (channels.includes("email") ? preview.data.totals.email : 0) + (channels.includes("sms") ? preview.data.totals.sms : 0) : 0;
  const problems = [
    ...(props.dirty ? [{ code: "unsaved", message: "You have unsaved changes to the questions or translations. Save them first." }] : []),
    ...(readiness.data?.problems ?? []).map((p) =>
      p.code === "survey.translation_missing" && p.language
        ? { ...p, message: `${languageName(p.language)} is ${readiness.data!.completeness[p.language]}% translated: families reading ${languageName(p.language)} would see the rest in ${languageName(props.detail.content.defaultLanguage)}.` }
        : p,
    ),
    ...(preview.data && reachable === 0 && !preview.data.totals.alreadyInvited
      ? [{ code: "launch.no_contacts", message: "No contact can be reached on the chosen channels. Import contacts first." }]
      : []),
  ];
  // After a launch, "nobody new to invite" is the normal state, not a problem.
  const everyoneInvited = Boolean(preview.data && reachable === 0 && preview.data.totals.alreadyInvited);
  const blocking = problems.filter((p) => !("acceptable" in p && p.acceptable));
  const translationProblems = problems.filter((p) => "acceptable" in p && p.acceptable);

  const launch = async () => {
    setConfirming(false);
    setLaunching(true);
    setRefusal([]);
    try {
      // A launch does a bounded amount of work per call and says when there is more: call until done.
      for (let i = 0; i < 1000; i++) {
        const state = await unwrap(api.surveys[":id"].launch.$post({ param: { id: survey.id }, json: { channels } }));
        progress.reload();
        if (state.done) break;
      }
      announce("Launched: invitations are on their way.");
      props.onLaunched();
      preview.reload();
    } catch (err) {
      const details = err instanceof ApiError ? (err.details?.problems as { code: string; message: string }[] | undefined) : undefined;
      setRefusal(details ?? [{ message: (err as Error).message, code: (err as ApiError).code }]);
      announce("The survey was not launched.", "bad");
    } finally {
      setLaunching(false);
    }
  };

  return (
    <>
      <h2>Before you launch</h2>
      {readiness.error ? <Failure error={readiness.error} retry={readiness.reload} /> : null}
      <Problems title="This survey cannot be launched yet:" items={[...blocking, ...refusal]} />
      {translationProblems.length ? (
        <Problems title="Translations are incomplete:" kind="warn" items={translationProblems} />
      ) : null}
      {translationProblems.length || acceptFallback ? (
        <label class="check">
          <input type="checkbox" checked={acceptFallback} onChange={(e) => setAcceptFallback((e.target as HTMLInputElement).checked)} />
          Launch anyway: families see untranslated questions in the survey's own language.
        </label>
      ) : null}
      {everyoneInvited ? <p class="notice ok">Every reachable contact has been invited. Import more contacts to invite them too.</p> : null}
      {readiness.data && readiness.data.problems.length === 0 && blocking.length === 0 && !everyoneInvited ? <p class="notice ok">Ready to launch.</p> : null}

      <fieldset class="card">
        <legend>Send invitations by</legend>
        {(["email", "sms"] as const).map((c) => (
          <label class="check" key={c}>
            <input type="checkbox" checked={channels.includes(c)} disabled={channels.length === 1 && channels.includes(c)} onChange={(e) => setChannels((e.target as HTMLInputElement).checked ? [...channels, c] : channels.filter((x) => x !== c))} />
            {c === "email" ? "Email" : "Text message (SMS)"}
          </label>
        ))}
        <p class="hint">Each family gets one invitation, on their preferred channel when they have one. Text messages go out only between 08:00 and 20:00 in your time zone.</p>
      </fieldset>

      {preview.error ? <Failure error={preview.error} retry={preview.reload} /> : null}
      {preview.loading && !preview.data ? <Loading what="the preview" /> : null}
      {preview.data ? (
        <>
          <section class="card" aria-labelledby="who-h">
            <h3 id="who-h">Who will be invited</h3>
            <p>
              <span class="stat">
                <b>{preview.data.totals.email}</b> by email
              </span>
              <span class="stat">
                <b>{preview.data.totals.sms}</b> by text message
              </span>
              <span class="stat">
                <b>{preview.data.totals.alreadyInvited}</b> already invited
              </span>
            </p>
            <p class="hint">
              Not reachable: {preview.data.totals.optedOut} opted out, {preview.data.totals.bounced} bouncing email, {preview.data.totals.noAddress} without an address for these channels.{" "}
              <a href={href.contacts()}>Contacts</a>
            </p>
            <h3>Estimated cost</h3>
            <p>
              {money(preview.data.cost.invitations.total)} for the invitations ({preview.data.cost.smsSegments} SMS segments at {money(preview.data.cost.invitations.pricePerSegment)} each), up to{" "}
              {money(preview.data.cost.withReminders.total)} with {preview.data.cost.reminders.max} reminder{preview.data.cost.reminders.max === 1 ? "" : "s"}.
            </p>
          </section>
          <h3>What families will receive</h3>
          <div class="grid cols-2">
            {preview.data.languages.map((l) => (
              <section class="card" key={l.locale} aria-labelledby={`lang-${l.locale}`} data-language={l.locale}>
                <h4 id={`lang-${l.locale}`} style="margin:0">
                  {languageName(l.locale)}: {l.contacts.email} by email, {l.contacts.sms} by SMS
                </h4>
                {l.titleFallback ? <p class="notice warn">The title is not translated yet: it is shown in the survey's own language.</p> : null}
                <p class="label">Email subject</p>
                <p class="sample" lang={l.locale} dir="auto">
                  {l.email.subject}
                </p>
                <details>
                  <summary>Email text</summary>
                  <p class="sample" lang={l.locale} dir="auto">
                    {l.email.text}
                  </p>
                </details>
                <p class="label">Text message</p>
                <p class="sample" lang={l.locale} dir="auto">
                  {l.sms.text}
                </p>
                <p class="hint" data-segments={l.sms.segments}>
                  {l.sms.characters} characters, {l.sms.encoding}: {l.sms.segments} segment{l.sms.segments === 1 ? "" : "s"} per message
                  {l.sms.encoding === "UCS-2" ? " (this alphabet costs more per message)" : ""}.
                </p>
              </section>
            ))}
          </div>
        </>
      ) : null}

      <div class="actions">
        <button type="button" class="primary" disabled={launching || everyoneInvited || blocking.length > 0 || (translationProblems.length > 0 && !acceptFallback)} onClick={() => setConfirming(true)}>
          {survey.status === "draft" ? "Launch survey" : "Invite new contacts"}
        </button>
      </div>
      <Confirm open={confirming} title={survey.status === "draft" ? "Launch this survey?" : "Invite new contacts?"} confirm={`Send ${reachable} invitation${reachable === 1 ? "" : "s"}`} onConfirm={launch} onClose={() => setConfirming(false)}>
        <p>
          {reachable} famil{reachable === 1 ? "y" : "ies"} will be invited now. {survey.status === "draft" ? "Launching freezes the questions: later edits become a new version." : ""}
        </p>
      </Confirm>

      <h2>Sending</h2>
      {progress.error ? <Failure error={progress.error} retry={progress.reload} /> : null}
      {progress.data ? <Sending data={progress.data} launching={launching} /> : <Loading what="progress" />}
    </>
  );
}


function Sending(props: { data: ProgressData; launching: boolean }) {
  const { invitations, launch } = props.data;
  const sent = (invitations.byStatus.sent ?? 0) + (invitations.byStatus.delivered ?? 0);
  const done = sent + (invitations.byStatus.failed ?? 0) + (invitations.byStatus.bounced ?? 0) + (invitations.byStatus.opted_out ?? 0);
  if (!launch && invitations.total === 0) return <p>Nothing sent yet.</p>;
  return (
    <section class="card" aria-labelledby="sending-h">
      <h3 id="sending-h" style="margin-top:0">
        {props.launching || launch?.running ? "Launching…" : done < invitations.total ? "Sending…" : "All invitations handled"}
      </h3>
      <Progress label="Invitations sent" value={done} max={invitations.total} />
      <div class="table-wrap">
        <table>
          <caption class="sr-only">Invitations by status</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Invitations
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(invitations.byStatus).map(([status, n]) => (
              <tr key={status}>
                <td>{status.replace("_", " ")}</td>
                <td class="num">{n}</td>
              </tr>
            ))}
            <tr>
              <td>answered</td>
              <td class="num">{invitations.answered}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
