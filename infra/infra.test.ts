// The infrastructure tests: one offline synthesis of the whole app (infra/synth.ts), shared by the
// suites below, so the seven function bundles are built once per run rather than once per file.
import { afterAll } from "vitest";
import { sharedSynthesis } from "./synth";
import "./bundle.suite";
import "./privilege.suite";
import "./stacks.suite";

afterAll(async () => (await sharedSynthesis()).dispose());
