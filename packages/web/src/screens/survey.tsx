/** @jsxImportSource preact */
// One survey, in five tabs: build (questions and live preview), translations, settings, launch and
// results. The builder and the translation view edit one working copy of the content, kept here, so
// moving between them never loses an unsaved change; "Save" sends it whole.
import type { Content } from "@feedback/core/survey/content";
import { useEffect, useState } from "preact/hooks";
import { ApiError, api, unwrap } from "../api";
import type { Me } from "../main";
import { href } from "../router";
import { Confirm, Failure, Loading, announce, useAsync } from "../ui";
import { Builder } from "./builder";
import { LaunchTab } from "./launch";
import { ResultsTab } from "./results";
import { SettingsTab } from "./settings";
import { TranslationsTab } from "./translations";

export type Detail = Awaited<ReturnType<typeof loadDetail>>;
const loadDetail = (id: string) => unwrap(api.surveys[":id"].$get({ param: { id } }));

const TABS = [
  ["build", "Questions"],
  ["translations", "Translations"],
  ["settings", "Settings"],
  ["launch", "Launch"],
  ["results", "Results"],
] as const;

export function SurveyScreen(props: { id: string; tab: (typeof TABS)[number][0]; me: Me }) {
  const detail = useAsync(() => loadDetail(props.id), [props.id]);
  const [draft, setDraft] = useState<Content | undefined>();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | Error | undefined>();
  const [confirming, setConfirming] = useState<"open" | "closed" | undefined>();
  useEffect(() => {
    if (detail.data && !draft) setDraft(detail.data.content as Content);
  }, [detail.data]);
  if (detail.error) return <Failure error={detail.error} retry={detail.reload} />;
  if (!detail.data || !draft) return <Loading what="the survey" />;
  const { survey } = detail.data;
  const dirty = JSON.stringify(draft) !== JSON.stringify(detail.data.content);

  const save = async () => {
    setSaving(true);
    setSaveError(undefined);
    try {
      const saved = await unwrap(api.surveys[":id"].content.$put({ param: { id: props.id }, json: { content: draft } }));
      detail.set(saved);
      setDraft(saved.content as Content);
      announce(saved.survey.launchedVersion && saved.survey.version > saved.survey.launchedVersion ? `Saved as version ${saved.survey.version}. Families keep answering the launched version; close and reopen the survey to give them this one.` : "Saved.");
    } catch (err) {
      setSaveError(err as Error);
      announce("Not saved: please fix the problems shown.", "bad");
    } finally {
      setSaving(false);
    }
  };
  const title = survey.title[survey.defaultLanguage] ?? survey.id;
  const transition = async (to: "open" | "closed") => {
    setConfirming(undefined);
    try {
      await unwrap(api.surveys[":id"].transition.$post({ param: { id: props.id }, json: { to } }));
      announce(to === "closed" ? "The survey is closed: links no longer open it." : "The survey is open again.");
      detail.reload();
    } catch (err) {
      announce((err as Error).message, "bad");
    }
  };
  const editing = props.tab === "build" || props.tab === "translations";
  return (
    <>
      <p>
        <a href={href.surveys()}>← All surveys</a>
      </p>
      <h1>
        {title} <span class={`badge ${survey.status}`}>{survey.status}</span>
      </h1>
      {survey.status !== "draft" ? (
        <p>
          <button type="button" class="small" onClick={() => setConfirming(survey.status === "open" ? "closed" : "open")}>
            {survey.status === "open" ? "Close survey" : "Reopen survey"}
          </button>
        </p>
      ) : null}
      <Confirm
        open={Boolean(confirming)}
        title={confirming === "closed" ? "Close this survey?" : "Reopen this survey?"}
        confirm={confirming === "closed" ? "Close survey" : "Reopen survey"}
        danger={confirming === "closed"}
        onConfirm={() => transition(confirming!)}
        onClose={() => setConfirming(undefined)}
      >
        <p>
          {confirming === "closed"
            ? "Families' links stop working and no more reminders go out. Partners get a final summary. You can reopen it later."
            : "Links work again, with the newest saved version of the questions."}
        </p>
      </Confirm>
      <nav aria-label="Survey">
        <ul class="tabs">
          {TABS.map(([tab, label]) => (
            <li key={tab}>
              <a href={href.survey(props.id, tab)} aria-current={props.tab === tab ? "page" : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {editing ? (
        <div class="row" style="margin-bottom:1rem">
          <button type="button" class="primary" onClick={save} disabled={saving || !dirty}>
            {saving ? "Saving…" : dirty ? "Save changes" : "Saved"}
          </button>
          {dirty ? <span class="hint">You have unsaved changes.</span> : null}
          {survey.launchedVersion ? <span class="hint">Launched version {survey.launchedVersion}; saving after launch makes a new version.</span> : null}
        </div>
      ) : null}
      {saveError && editing ? (
        <p class="notice bad" role="alert">
          {saveError.message}
        </p>
      ) : null}
      {props.tab === "build" ? <Builder surveyId={props.id} content={draft} onChange={setDraft} anonymity={survey.anonymity} /> : null}
      {props.tab === "translations" ? <TranslationsTab content={draft} onChange={setDraft} /> : null}
      {props.tab === "settings" ? <SettingsTab detail={detail.data} me={props.me} onSaved={detail.reload} /> : null}
      {props.tab === "launch" ? <LaunchTab detail={detail.data} dirty={dirty} onLaunched={detail.reload} /> : null}
      {props.tab === "results" ? <ResultsTab detail={detail.data} /> : null}
    </>
  );
}
