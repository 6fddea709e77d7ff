// Lambda bundles: the size of every function as `sst deploy` builds it (esbuild with SST's ESM settings
// and ours from infra/bundling.ts, each function's own included, with a metafile), what takes the room,
// the data files copied beside it (`copyFiles`: they are uploaded too, so they are counted apart), and
// the cold import time of each bundle in a fresh Node process (the AWS SDK, external as in the runtime,
// loaded from node_modules; LAMBDA_TASK_ROOT at a directory laid out as the artifact). Budget
// (DESIGN §7): the form function is 150 KB or less minified, with no AWS SDK it does not use. Prints a
// table; writes bench/results/bundle.json.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { bundling, functionBundling, type NodeBundling } from "../infra/bundling";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// Inside the repository so that the external AWS SDK resolves from node_modules, as from the runtime's.
const out = join(root, "bench/.bundles");
const FORM_BUDGET = 150 * 1024;
const IMPORTS = Number(process.env.BUNDLE_IMPORTS ?? 7);

/** Every function's handler, read from the stacks so that a new function is measured too. */
function handlers() {
  const found = new Set<string>();
  for (const file of readdirSync(join(root, "infra")).filter((f) => f.endsWith(".ts") && !f.includes(".suite") && !f.includes(".test"))) {
    for (const m of readFileSync(join(root, "infra", file), "utf8").matchAll(/handler:\s*"([^"]+)"/g)) found.add(m[1]!);
  }
  return [...found].sort();
}

/** The options SST v2 gives esbuild for an ESM function (sst/runtime/handlers/node.js), plus ours. */
function options(entry: string, outfile: string, nodejs: NodeBundling): esbuild.BuildOptions {
  // As SST does: our `external` joins its own, the rest of our esbuild options is spread last.
  const { external, ...override } = nodejs.esbuild;
  return {
    entryPoints: [entry],
    outfile,
    platform: "node",
    bundle: true,
    // SST's own default, which infra/bundling.ts overrides (spread last below, as SST does).
    ...({ keepNames: true } as esbuild.BuildOptions),
    metafile: true,
    logLevel: "silent",
    format: "esm",
    target: "esnext",
    mainFields: ["module", "main"],
    banner: {
      js: [
        `import { createRequire as topLevelCreateRequire } from 'module';`,
        `const require = topLevelCreateRequire(import.meta.url);`,
        `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
        `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
      ].join("\n"),
    },
    minify: nodejs.minify,
    external: ["sharp", "pg-native", ...external],
    ...override,
  };
}

/** Bytes in the output per package (node_modules) or per source folder (ours). */
function composition(metafile: esbuild.Metafile) {
  const output = Object.values(metafile.outputs)[0]!;
  const by: Record<string, number> = {};
  for (const [file, v] of Object.entries(output.inputs)) {
    const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
    const key = pkg ?? file.replace(/^(packages\/[^/]+\/src\/[^/]+(?:\/(?:form|messages|summary))?).*/, "$1");
    by[key] = (by[key] ?? 0) + v.bytesInOutput;
  }
  return Object.entries(by)
    .sort((a, b) => b[1] - a[1])
    .filter(([, bytes]) => bytes >= 1024)
    .map(([name, bytes]) => ({ name, kb: Math.round(bytes / 102.4) / 10 }));
}

const externals = (metafile: esbuild.Metafile) =>
  [...new Set(Object.values(metafile.inputs).flatMap((i) => i.imports.filter((x) => x.external && x.path.startsWith("@aws-sdk/")).map((x) => x.path)))].sort();

/** Bytes of every file under a path (a copied file or directory). */
function bytesUnder(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0);
}

/**
 * Median time to import the bundle in a fresh Node process (module evaluation, SDK loading included),
 * with LAMBDA_TASK_ROOT at the artifact directory, as in Lambda. Catalogues read on first use (the
 * form's) are not read by an import.
 */
function coldImport(file: string, taskRoot: string) {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const env = { ...process.env, LAMBDA_TASK_ROOT: taskRoot, TOKEN_SECRET: "bench", SESSION_SECRET: "bench", TABLE_NAME: "bench", AWS_REGION: "us-east-1", LOG_LEVEL: "warn", NODE_NO_WARNINGS: "1" };
  const times: number[] = [];
  for (let i = 0; i < IMPORTS; i++) {
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr}`);
    times.push(Number(run.stdout));
  }
  times.sort((a, b) => a - b);
  return { medianMs: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10, minMs: Math.round(times[0]! * 10) / 10, runs: times.length };
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const functions: Record<string, unknown>[] = [];
for (const handler of handlers()) {
  const source = handler.replace(/\.[^.]+$/, "");
  const entry = [".ts", ".tsx"].map((ext) => join(root, source + ext)).find((f) => {
    try {
      readFileSync(f);
      return true;
    } catch {
      return false;
    }
  })!;
  const name = source.replace(/^packages\/functions\/src\//, "");
  // Laid out as SST's artifact: the bundle at the handler's path, copied files from the root.
  const artifact = join(out, name.replace(/\//g, "-"));
  const outfile = join(artifact, `${source}.mjs`);
  const own = functionBundling[handler] ?? {};
  const result = await esbuild.build(options(entry, outfile, own.nodejs ?? bundling));
  let fileBytes = 0;
  for (const copy of own.copyFiles ?? []) {
    cpSync(join(root, copy.from), join(artifact, copy.to), { recursive: true });
    fileBytes += bytesUnder(join(root, copy.from));
  }
  const code = readFileSync(outfile);
  const entryInfo = {
    function: name,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    copiedFiles: (own.copyFiles ?? []).map((c) => c.to),
    copiedBytes: fileBytes,
    awsSdkImported: externals(result.metafile!),
    coldImport: coldImport(outfile, artifact),
    largest: composition(result.metafile!).slice(0, 8),
  };
  functions.push(entryInfo);
  const files = fileBytes ? `+ ${String(Math.round(fileBytes / 1024)).padStart(3)} KB files` : " ".repeat(14);
  process.stdout.write(
    `${name.padEnd(22)} ${String(Math.round(code.length / 1024)).padStart(5)} KB min ${files}  ${String(Math.round(entryInfo.gzipBytes / 1024)).padStart(4)} KB gzip  import ${String(entryInfo.coldImport.medianMs).padStart(6)} ms  SDK: ${entryInfo.awsSdkImported.map((s) => s.replace("@aws-sdk/", "")).join(", ") || "none"}\n`,
  );
}
rmSync(out, { recursive: true, force: true });

const form = functions.find((f) => f.function === "form/lambda") as { bytes: number; copiedBytes: number; awsSdkImported: string[]; largest: { name: string; kb: number }[] };
const unused = form.awsSdkImported.filter((s) => !["@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb", "@aws-sdk/client-ssm"].includes(s));
const largest = form.largest.slice(0, 5).map((l) => `${l.name} ${l.kb} KB`).join(", ");
const results = {
  date: new Date().toISOString(),
  node: process.version,
  how: "esbuild with SST v2's ESM options and infra/bundling.ts (each function's own settings included); AWS SDK v3 external (provided by the nodejs22.x runtime); bytes = the bundle, copiedBytes = data files copied beside it (copyFiles; uploaded too, not bundled); cold import = median of fresh `node` processes importing the bundle, LAMBDA_TASK_ROOT at the artifact",
  functions,
  budgets: {
    formBundleMinified: {
      met: form.bytes <= FORM_BUDGET,
      value: `${Math.round(form.bytes / 1024)} KB`,
      limit: "≤ 150 KB",
      note: `largest parts: ${largest}; plus ${Math.round(form.copiedBytes / 1024)} KB of copied data files (a process reads only the locales it serves)`,
    },
    formNoUnusedSdk: {
      met: unused.length === 0,
      value: form.awsSdkImported.join(", "),
      limit: "DynamoDB (and SSM for its secret) only",
      note: unused.length ? `also imports ${unused.join(", ")}` : "no SES, SMS, SQS or other client in the form",
    },
  },
};
mkdirSync(join(root, "bench/results"), { recursive: true });
writeFileSync(join(root, "bench/results/bundle.json"), JSON.stringify(results, null, 2) + "\n");
process.stdout.write(
  `form bundle ${Math.round(form.bytes / 1024)} KB (budget 150 KB), plus ${Math.round(form.copiedBytes / 1024)} KB of copied files; wrote bench/results/bundle.json\n`,
);
