/** @jsxImportSource preact */
// Small building blocks shared by the screens: loading data, announcing outcomes to screen readers,
// form fields with their errors, a confirmation dialog, and charts that come with their numbers as text.
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useId, useRef, useState } from "preact/hooks";
import { ApiError } from "./api";

/** Loads data when `deps` change; `reload` loads again. Errors are kept to be shown, never swallowed. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: ApiError | Error; loading: boolean }>({ loading: true });
  const seq = useRef(0);
  const run = useCallback(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => mine === seq.current && setState({ data, loading: false }),
      (error: Error) => mine === seq.current && setState({ error, loading: false }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run, set: (data: T) => setState({ data, loading: false }) };
}

// ---------- announcements ----------

type Announcement = { id: number; kind: "ok" | "bad"; text: string };
let listeners: ((a: Announcement) => void)[] = [];
let counter = 0;

/** Tells the user an action's outcome, visibly and through a live region. */
export function announce(text: string, kind: "ok" | "bad" = "ok") {
  const a = { id: ++counter, kind, text };
  for (const l of listeners) l(a);
}

export function Announcer() {
  const [items, setItems] = useState<Announcement[]>([]);
  useEffect(() => {
    const l = (a: Announcement) => {
      setItems((xs) => [...xs.slice(-2), a]);
      setTimeout(() => setItems((xs) => xs.filter((x) => x.id !== a.id)), 8000);
    };
    listeners.push(l);
    return () => (listeners = listeners.filter((x) => x !== l));
  }, []);
  return (
    <div aria-live="polite" role="status" class="announcer">
      {items.map((a) => (
        <p key={a.id} class={`notice ${a.kind}`} data-announcement={a.kind}>
          {a.text}
        </p>
      ))}
    </div>
  );
}

// ---------- states ----------

export function Loading(props: { what?: string }) {
  return <p aria-busy="true">Loading{props.what ? ` ${props.what}` : ""}…</p>;
}

export function Failure(props: { error: Error; retry?: () => void }) {
  return (
    <div class="notice bad" role="alert">
      <p style="margin:0">{props.error.message}</p>
      {props.retry ? (
        <button type="button" class="small" onClick={props.retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** Every problem at once, as a list (for a refused save or launch). */
export function Problems(props: { title: string; items: { message: string; code?: string }[]; kind?: "bad" | "warn" }) {
  if (!props.items.length) return null;
  return (
    <div class={`notice ${props.kind ?? "bad"}`} role="alert">
      <strong>{props.title}</strong>
      <ul>
        {props.items.map((p, i) => (
          <li key={i} data-code={p.code}>
            {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

// ---------- fields ----------

type FieldProps = {
  label: string;
  hint?: string;
  error?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
};

/** A labelled control with its hint and inline error, tied together for screen readers. */
export function Field(p: FieldProps) {
  const id = useId();
  const hintId = p.hint ? `${id}-hint` : undefined;
  const errId = p.error ? `${id}-err` : undefined;
  const describedBy = [hintId, errId].filter(Boolean).join(" ") || undefined;
  return (
    <div class="field">
      <label for={id}>
        {p.label}
        {p.hint ? (
          <span class="hint" id={hintId}>
            {p.hint}
          </span>
        ) : null}
      </label>
      {p.children({ id, describedBy, invalid: Boolean(p.error) })}
      {p.error ? (
        <span class="error" id={errId}>
          {p.error}
        </span>
      ) : null}
    </div>
  );
}

/** The error for one field path from a failed call, if it named that field. */
export const fieldError = (error: unknown, path: string) => (error instanceof ApiError ? error.forField(path) : undefined);

// ---------- confirmation ----------

/** A modal confirmation; `onConfirm` runs only when the person confirms. */
export function Confirm(props: { open: boolean; title: string; children: ComponentChildren; confirm: string; danger?: boolean; onConfirm: () => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  const titleId = useId();
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={props.onClose}>
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
      <div class="actions">
        <button type="button" class={props.danger ? "danger" : "primary"} onClick={props.onConfirm}>
          {props.confirm}
        </button>
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}

// ---------- charts ----------

/**
 * Horizontal bars as plain HTML (so their text stays readable on a phone), each row with its label and
 * value as text; the bar itself is decoration.
 */
export function BarChart(props: { caption: string; rows: { label: string; value: number; note?: string }[]; max?: number; unit?: string }) {
  const max = props.max ?? Math.max(1, ...props.rows.map((r) => r.value));
  const unit = props.unit ?? "";
  const captionId = useId();
  return (
    <figure class="chart" aria-labelledby={captionId}>
      <figcaption id={captionId}>{props.caption}</figcaption>
      {props.rows.length === 0 ? (
        <p>No data yet.</p>
      ) : (
        <ul class="bars">
          {props.rows.map((r) => (
            <li key={r.label}>
              <span class="bar-label">{r.label}</span>
              <span class="bar-track" aria-hidden="true">
                <span class="bar" style={`width:${Math.max(0, Math.min(100, (100 * r.value) / max))}%`} />
              </span>
              <span class="bar-value">
                {r.value}
                {unit}
                {r.note ? ` (${r.note})` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

/** A line over days (for example the cumulative response rate), with its points listed as text. */
export function LineChart(props: { caption: string; points: { x: string; y: number }[]; unit?: string; max?: number }) {
  const captionId = useId();
  const { points } = props;
  const W = 600;
  const H = 200;
  const pad = 32;
  const max = props.max ?? Math.max(1, ...points.map((p) => p.y));
  const x = (i: number) => pad + (points.length < 2 ? (W - 2 * pad) / 2 : (i * (W - 2 * pad)) / (points.length - 1));
  const y = (v: number) => H - pad - (v / max) * (H - 2 * pad);
  const unit = props.unit ?? "";
  return (
    <figure class="chart" aria-labelledby={captionId}>
      <figcaption id={captionId}>{props.caption}</figcaption>
      {points.length === 0 ? (
        <p>No responses yet.</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${props.caption}: ${points.map((p) => `${p.x} ${p.y}${unit}`).join(", ")}`}>
          <line x1={pad} y1={H - pad} x2={W - pad} y2={H - pad} stroke="#767683" />
          <line x1={pad} y1={pad} x2={pad} y2={H - pad} stroke="#767683" />
          <text x="2" y={pad + 4} font-size="12" fill="#4a4a55">
            {max}
            {unit}
          </text>
          <text x="2" y={H - pad} font-size="12" fill="#4a4a55">
            0
          </text>
          <polyline fill="none" stroke="#1d4ed8" stroke-width="3" points={points.map((p, i) => `${x(i)},${y(p.y)}`).join(" ")} />
          {points.map((p, i) => (
            <circle key={p.x} cx={x(i)} cy={y(p.y)} r="4" fill="#1d4ed8" />
          ))}
          <text x={pad} y={H - 8} font-size="12" fill="#4a4a55">
            {points[0]!.x}
          </text>
          {points.length > 1 ? (
            <text x={W - pad} y={H - 8} font-size="12" fill="#4a4a55" text-anchor="end">
              {points[points.length - 1]!.x}
            </text>
          ) : null}
        </svg>
      )}
      {points.length === 1 ? (
        <p class="hint">
          Every response so far came on {points[0]!.x}: {points[0]!.y}
          {unit}.
        </p>
      ) : null}
    </figure>
  );
}

/** A progress bar with its value as text. */
export function Progress(props: { label: string; value: number; max: number }) {
  const pct = props.max ? Math.min(100, Math.round((100 * props.value) / props.max)) : 0;
  return (
    <div>
      <div class="progress" role="progressbar" aria-label={props.label} aria-valuemin={0} aria-valuemax={props.max} aria-valuenow={props.value} aria-valuetext={`${props.value} of ${props.max}`}>
        <span style={`width:${pct}%`} />
      </div>
      <p>
        {props.label}: {props.value} of {props.max} ({pct}%)
      </p>
    </div>
  );
}

/** Languages the console offers for surveys (the form's catalogues), with their names in English. */
export const LANGUAGES: Record<string, string> = {
  en: "English",
  es: "Spanish",
  vi: "Vietnamese",
  ar: "Arabic",
  ht: "Haitian Creole",
  so: "Somali",
  "zh-Hans": "Chinese (Simplified)",
  "zh-Hant": "Chinese (Traditional)",
  ko: "Korean",
  ru: "Russian",
  pt: "Portuguese",
  fr: "French",
  tl: "Tagalog",
  uk: "Ukrainian",
  fa: "Persian",
};
export const languageName = (tag: string) => LANGUAGES[tag] ?? tag;
export const RTL = new Set(["ar", "fa"]);
