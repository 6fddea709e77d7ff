// The one HTTP server of the local stack. It mounts the very same Hono apps the Lambdas serve (the
// family form, unsubscribe links and the API), the console's static files, and the local-only pages (/health, /dev/*).
import { existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Hono, type Context } from "hono";
import { serveStatic } from "@hono/node-server/serve-static";
import { api } from "../api/app";
import { form } from "../form/app";
import { unsubscribe } from "../unsubscribe/app";
import type { Texter } from "@feedback/core/texter";
import { createDevApp } from "./dev";

export type ComponentState = "starting" | "ok" | "down";
export type Health = () => Promise<Record<string, ComponentState>>;

const root = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
const consoleDist = join(root, "packages/web/dist");

export function createLocalApp(opts: { health: Health; links: Record<string, string>; outbox?: Texter.Outbox }) {
  const app = new Hono();
  app.get("/health", async (c) => {
    const components = await opts.health();
    const ready = Object.values(components).every((s) => s === "ok");
    c.header("Cache-Control", "no-store");
    return c.json({ status: ready ? "ok" : "starting", components }, ready ? 200 : 503);
  });
  // Local only: where the console finds the SMS outbox and the mail viewer (absent in AWS, so it hides them).
  app.get("/dev/links.json", (c) => c.json(opts.links));
  // Local only: the SMS outbox and replying as a family (/dev/sms). Never mounted by a Lambda app.
  if (opts.outbox) app.route("/dev", createDevApp({ outbox: opts.outbox }));
  app.route("/", api);
  // The console's files come before the form app, whose strict headers (no scripts at all) are meant
  // for family pages. A path that is not a console file falls through to the form app.
  const hasConsole = existsSync(consoleDist);
  if (hasConsole) app.use("/*", serveStatic({ root: relative(process.cwd(), consoleDist), onFound: (_path, c) => consoleHeaders(c) }));
  // Unsubscribe links are another function in AWS (infra/api.ts routes them); handing the request to
  // that app whole, as API Gateway does, keeps each app's middleware to its own paths.
  for (const path of ["/u/*", "/unsubscribe/*"]) app.all(path, (c) => unsubscribe.fetch(c.req.raw, c.env));
  app.route("/", form);
  if (!hasConsole) {
    // Until the console is built, / lists what the local stack offers.
    app.get("/", (c) =>
      c.html(
        `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>School feedback (local)</title><h1>School feedback: local stack</h1><ul>${Object.entries(
          opts.links,
        )
          .map(([label, url]) => `<li>${label}: <a href="${url}">${url}</a></li>`)
          .join("")}</ul></html>`,
      ),
    );
  }
  return app;
}

/**
 * The console's own policy, as S3/CloudFront serve it in AWS: scripts and API calls only from this
 * origin, never framed. Inline styles are allowed for the live preview's sandboxed frame (see index.html).
 */
function consoleHeaders(c: Context) {
  c.header(
    "Content-Security-Policy",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
  );
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Referrer-Policy", "no-referrer");
  c.header("Cache-Control", c.req.path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
}
