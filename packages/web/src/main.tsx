/** @jsxImportSource preact */
// The coordinator console. Signed out, it shows the sign-in screen; signed in, the navigation and the
// screen the address names. The session is an HttpOnly cookie the page never sees: "signed in" is
// whatever GET /api/me says, and any 401 brings the sign-in screen back.
import { render } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, unwrap, whenSignedOut } from "./api";
import { href, useRoute, type Route } from "./router";
import { ContactsScreen } from "./screens/contacts";
import { NewSurveyScreen, SurveysScreen } from "./screens/surveys";
import { OrganisationScreen } from "./screens/organisation";
import { PartnersScreen } from "./screens/partners";
import { SignInScreen } from "./screens/signin";
import { SurveyScreen } from "./screens/survey";
import { Announcer, Failure, Loading, announce, useAsync } from "./ui";
import "./styles.css";

export type Me = Awaited<ReturnType<typeof loadMe>>;
const loadMe = () => unwrap(api.me.$get());

function App() {
  const me = useAsync(loadMe, []);
  const [signedOut, setSignedOut] = useState(false);
  useEffect(() => whenSignedOut(() => setSignedOut(true)), []);
  if (me.loading && !me.data) return <Loading what="the console" />;
  if (signedOut || !me.data)
    return (
      <SignInScreen
        onSignedIn={() => {
          setSignedOut(false);
          me.reload();
        }}
      />
    );
  return <Shell me={me.data} onChange={me.reload} />;
}

const NAV: { label: string; to: string; is: (r: Route) => boolean }[] = [
  { label: "Surveys", to: href.surveys(), is: (r) => r.name === "surveys" || r.name === "survey" || r.name === "new-survey" },
  { label: "Contacts", to: href.contacts(), is: (r) => r.name === "contacts" },
  { label: "Partners", to: href.partners(), is: (r) => r.name === "partners" },
  { label: "Organisation", to: href.organisation(), is: (r) => r.name === "organisation" },
];

function Shell(props: { me: Me; onChange: () => void }) {
  const route = useRoute();
  const { me } = props;
  // A new screen moves focus to its heading, so keyboard and screen-reader users start at the top.
  // Not on the first screen of a page load: there the browser's own start (and the skip link) apply.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const h1 = document.querySelector<HTMLElement>("main h1");
    h1?.setAttribute("tabindex", "-1");
    h1?.focus();
  }, [route.name, route.name === "survey" ? route.id + route.tab : ""]);

  const signOut = async () => {
    await unwrap(api.auth.signout.$post());
    location.hash = "";
    location.reload();
  };
  const switchTo = async (orgId: string) => {
    await unwrap(api.auth.switch.$post({ json: { orgId } }));
    location.hash = href.surveys();
    props.onChange();
    announce("Switched organisation.");
  };
  const org = me.organisations.find((o) => o.orgId === me.orgId);
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById("main")?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={href.surveys()}>
          School feedback
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.to}>
                <a href={n.to} aria-current={n.is(route) ? "page" : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          {me.organisations.length > 1 ? (
            <label class="sr-only" for="org-switch">
              Organisation
            </label>
          ) : null}
          {me.organisations.length > 1 ? (
            <select id="org-switch" value={me.orgId} onChange={(e) => switchTo((e.target as HTMLSelectElement).value)}>
              {me.organisations.map((o) => (
                <option key={o.orgId} value={o.orgId}>
                  {o.name}
                </option>
              ))}
            </select>
          ) : (
            <span>{org?.name}</span>
          )}
          <span>
            {me.name} ({me.role})
          </span>
          <button type="button" class="link" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabindex={-1}>
        <Announcer />
        <Screen route={route} me={me} />
      </main>
      <LocalLinks />
    </>
  );
}

function Screen(props: { route: Route; me: Me }) {
  const { route, me } = props;
  switch (route.name) {
    case "surveys":
      return <SurveysScreen />;
    case "new-survey":
      return <NewSurveyScreen />;
    case "survey":
      return <SurveyScreen id={route.id} tab={route.tab} me={me} />;
    case "contacts":
      return <ContactsScreen />;
    case "partners":
      return <PartnersScreen />;
    case "organisation":
      return <OrganisationScreen me={me} />;
    default:
      return (
        <>
          <h1>Page not found</h1>
          <p>
            <a href={href.surveys()}>Go to your surveys</a>
          </p>
        </>
      );
  }
}

/** Local stack only: the SMS outbox and the mail viewer (the local server lists them at /dev/links.json). */
function LocalLinks() {
  const links = useAsync(async () => {
    const res = await fetch("/dev/links.json", { credentials: "same-origin" });
    return res.ok ? ((await res.json()) as Record<string, string>) : {};
  }, []);
  const wanted = Object.entries(links.data ?? {}).filter(([label]) => /sms|mail/i.test(label));
  if (links.error) return <Failure error={links.error} />;
  if (!wanted.length) return null;
  return (
    <footer class="local">
      Local stack:
      <ul>
        {wanted.map(([label, url]) => (
          <li key={label}>
            <a href={url} target="_blank" rel="noopener noreferrer">
              {label}
            </a>
          </li>
        ))}
      </ul>
    </footer>
  );
}

render(<App />, document.getElementById("app")!);
