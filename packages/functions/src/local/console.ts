// The coordinator console's static build (packages/web/dist), which the local server serves. `npm start`
// on a fresh clone and the test run both call `ensureConsole`: it builds the console with the same
// command infra uses (`npm run build` in packages/web) when the build is missing or older than its
// sources, so nobody has to remember a build step and nobody tests a stale console.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
export const webDir = join(root, "packages/web");
export const consoleDist = join(webDir, "dist");

/** The newest modification time among the console's sources (and the core content module it bundles). */
function newestSource() {
  let newest = 0;
  const walk = (path: string) => {
    const s = statSync(path);
    if (s.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of ["src", "index.html", "vite.config.ts", "package.json"]) if (existsSync(join(webDir, p))) walk(join(webDir, p));
  walk(join(root, "packages/core/src/survey/content.ts"));
  return newest;
}

export function consoleIsCurrent() {
  const index = join(consoleDist, "index.html");
  return existsSync(index) && statSync(index).mtimeMs >= newestSource();
}

/**
 * Builds the console if it is missing or stale. Throws, with the build's output, if the build fails.
 * The build goes to a folder of its own and then replaces dist/, so that two processes building at
 * once (two test runs in one checkout) never write into the same folder; the last one wins.
 */
export function ensureConsole(opts: { log?: (line: string) => void } = {}) {
  if (consoleIsCurrent()) return { built: false };
  opts.log?.("Building the coordinator console (packages/web)…");
  const staging = `dist.build-${process.pid}`;
  try {
    execFileSync("npm", ["run", "build", "--silent", "--", "--outDir", staging, "--emptyOutDir"], { cwd: webDir, stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  } catch (err) {
    rmSync(join(webDir, staging), { recursive: true, force: true });
    const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`The console could not be built (npm run build in packages/web):\n${e.stdout?.toString() ?? ""}${e.stderr?.toString() ?? e.message}`);
  }
  rmSync(consoleDist, { recursive: true, force: true });
  try {
    renameSync(join(webDir, staging), consoleDist);
  } catch (err) {
    // Another process put its build in place between the two calls: keep that one.
    rmSync(join(webDir, staging), { recursive: true, force: true });
    if (!existsSync(join(consoleDist, "index.html"))) throw err;
  }
  return { built: true };
}
