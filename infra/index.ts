// Every stack, in dependency order, and the defaults all functions share. sst.config.ts and the infra
// tests both call this, so the tests synthesise exactly what `sst deploy` would.
import type { App } from "sst/constructs";
import { Monitoring } from "./alarms";
import { Api } from "./api";
import { bundling } from "./bundling";
import { Jobs } from "./jobs";
import { Messaging } from "./messaging";
import { Storage } from "./storage";
import { Web } from "./web";
import { Workers } from "./workers";

export function stacks(app: App) {
  app.setDefaultFunctionProps({
    runtime: "nodejs22.x",
    architecture: "arm_64",
    // No X-Ray: nothing uses it, and it would add an `xray:*` statement on `*` to every role.
    tracing: "disabled",
    environment: { LOG_LEVEL: process.env.LOG_LEVEL ?? "info" },
    nodejs: bundling,
  });
  // Keep data when a production stage is removed; throwaway stages clean up after themselves.
  app.setDefaultRemovalPolicy(app.stage === "prod" ? "retain" : "destroy");

  app.stack(Monitoring).stack(Storage).stack(Messaging).stack(Api).stack(Workers).stack(Jobs).stack(Web);
}
