// The one HTTP server of the local stack. It mounts the very same Hono apps the Lambdas serve (the
// family form and the API), the console's static files, and the local-only pages (/health, /dev/*).
import { existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import { serveStatic } from "@hono/node-server/serve-static";
import { api } from "../api/app";
import { form } from "../form/app";
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
  // Local only: the SMS outbox and replying as a family (/dev/sms). Never mounted by a Lambda app.
  if (opts.outbox) app.route("/dev", createDevApp({ outbox: opts.outbox }));
  app.route("/", api);
  app.route("/", form);
  if (existsSync(consoleDist)) {
    app.use("/*", serveStatic({ root: relative(process.cwd(), consoleDist) }));
  } else {
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
