/** @jsxImportSource preact */
// Sign-in: an email address, then the 6-digit code from the email (or its link, which signs in
// directly and lands here only if it had expired).
import { useState } from "preact/hooks";
import { ApiError, api, unwrap } from "../api";
import { Announcer, Field, fieldError } from "../ui";

const LINK_PROBLEMS: Record<string, string> = {
  "signin.invalid_link": "That sign-in link has expired or was already used. Ask for a new code below.",
  "rate.limited": "Too many attempts. Please wait a few minutes and try again.",
};

export function SignInScreen(props: { onSignedIn: () => void }) {
  const fromLink = new URLSearchParams(location.search).get("signin");
  const [step, setStep] = useState<"email" | "code">("email");
  const [email, setEmail] = useState("");
  const [code, setCode] = useState("");
  const [error, setError] = useState<ApiError | Error | undefined>();
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | undefined>();

  const start = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const res = await unwrap(api.auth.start.$post({ json: { email } }));
      setSent(res.message);
      setStep("code");
      if (fromLink) history.replaceState(null, "", location.pathname + location.hash);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const verify = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await unwrap(api.auth.verify.$post({ json: { email, code: code.replace(/\s/g, "") } }));
      props.onSignedIn();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const general = error && !(error instanceof ApiError && (error.forField("email") || error.forField("code"))) ? error.message : undefined;

  return (
    <main id="main" class="signin">
      <Announcer />
      <div class="card" style="max-width:32rem;margin:2rem auto">
        <h1>Sign in to School feedback</h1>
        {fromLink && LINK_PROBLEMS[fromLink] && step === "email" ? (
          <p class="notice warn" role="alert">
            {LINK_PROBLEMS[fromLink]}
          </p>
        ) : null}
        {step === "email" ? (
          <form onSubmit={start} noValidate>
            <p>We will email you a one-time code. There is no password.</p>
            <Field label="Your work email" error={fieldError(error, "email")}>
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  type="email"
                  autocomplete="email"
                  required
                  value={email}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
                />
              )}
            </Field>
            {general ? (
              <p class="notice bad" role="alert">
                {general}
              </p>
            ) : null}
            <div class="actions">
              <button class="primary" type="submit" disabled={busy}>
                {busy ? "Sending…" : "Email me a code"}
              </button>
            </div>
          </form>
        ) : (
          <form onSubmit={verify} noValidate>
            <p class="notice ok" role="status">
              {sent} We sent it to <strong>{email}</strong>.
            </p>
            <Field label="Code from the email" hint="6 digits. You can also open the link in the email instead." error={fieldError(error, "code")}>
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  inputMode="numeric"
                  autocomplete="one-time-code"
                  pattern="[0-9]*"
                  maxLength={7}
                  value={code}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  onInput={(e) => setCode((e.target as HTMLInputElement).value)}
                />
              )}
            </Field>
            {general ? (
              <p class="notice bad" role="alert">
                {general}
              </p>
            ) : null}
            <div class="actions">
              <button class="primary" type="submit" disabled={busy}>
                {busy ? "Checking…" : "Sign in"}
              </button>
              <button type="button" onClick={() => (setStep("email"), setCode(""), setError(undefined))}>
                Use another email or send a new code
              </button>
            </div>
          </form>
        )}
      </div>
    </main>
  );
}
