// Hash routes (`#/surveys/srv_…/results`): the console is static files, served as they are by the local
// server and by S3, with no server-side fallback needed for deep links.
import { useEffect, useState } from "preact/hooks";

export type Route =
  | { name: "surveys" }
  | { name: "new-survey" }
  | { name: "survey"; id: string; tab: "build" | "translations" | "settings" | "launch" | "results" }
  | { name: "contacts" }
  | { name: "partners" }
  | { name: "organisation" }
  | { name: "not-found" };

const TABS = ["build", "translations", "settings", "launch", "results"] as const;

export function parse(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const [a, b, c] = parts;
  if (!a || a === "surveys") {
    if (!b) return { name: "surveys" };
    if (b === "new") return { name: "new-survey" };
    const tab = (TABS as readonly string[]).includes(c ?? "") ? (c as (typeof TABS)[number]) : "build";
    return { name: "survey", id: b, tab };
  }
  if (a === "contacts") return { name: "contacts" };
  if (a === "partners") return { name: "partners" };
  if (a === "organisation") return { name: "organisation" };
  return { name: "not-found" };
}

export const href = {
  surveys: () => "#/surveys",
  newSurvey: () => "#/surveys/new",
  survey: (id: string, tab: (typeof TABS)[number] = "build") => `#/surveys/${encodeURIComponent(id)}/${tab}`,
  contacts: () => "#/contacts",
  partners: () => "#/partners",
  organisation: () => "#/organisation",
};

export function navigate(to: string) {
  location.hash = to;
}

export function useRoute() {
  const [route, setRoute] = useState(() => parse(location.hash));
  useEffect(() => {
    const on = () => setRoute(parse(location.hash));
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return route;
}
