// Lambda bundles: the size of every function as `sst deploy` builds it (esbuild with SST's ESM settings
// and ours from infra/bundling.ts, with a metafile), what takes the room, and the cold import time of
// each bundle in a fresh Node process (the AWS SDK, external as in the runtime, loaded from
// node_modules). Budget (DESIGN §7): the form function is 150 KB or less minified, with no AWS SDK it
// does not use. Prints a table; writes bench/results/bundle.json.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { bundling } from "../infra/bundling";

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
function options(entry: string, outfile: string): esbuild.BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    platform: "node",
    bundle: true,
    keepNames: true,
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
    minify: bundling.minify,
    external: ["sharp", "pg-native", ...bundling.esbuild.external],
    charset: bundling.esbuild.charset,
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

/** Median time to import the bundle in a fresh Node process (module evaluation, SDK loading included). */
function coldImport(file: string) {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const env = { ...process.env, TOKEN_SECRET: "bench", SESSION_SECRET: "bench", TABLE_NAME: "bench", AWS_REGION: "us-east-1", LOG_LEVEL: "warn", NODE_NO_WARNINGS: "1" };
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
  const outfile = join(out, `${name.replace(/\//g, "-")}.mjs`);
  const result = await esbuild.build(options(entry, outfile));
  const code = readFileSync(outfile);
  const entryInfo = {
    function: name,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    awsSdkImported: externals(result.metafile!),
    coldImport: coldImport(outfile),
    largest: composition(result.metafile!).slice(0, 8),
  };
  functions.push(entryInfo);
  process.stdout.write(
    `${name.padEnd(22)} ${String(Math.round(code.length / 1024)).padStart(5)} KB min  ${String(Math.round(entryInfo.gzipBytes / 1024)).padStart(4)} KB gzip  import ${String(entryInfo.coldImport.medianMs).padStart(6)} ms  SDK: ${entryInfo.awsSdkImported.map((s) => s.replace("@aws-sdk/", "")).join(", ") || "none"}\n`,
  );
}
rmSync(out, { recursive: true, force: true });

const form = functions.find((f) => f.function === "form/lambda") as { bytes: number; awsSdkImported: string[]; largest: { name: string; kb: number }[] };
const unused = form.awsSdkImported.filter((s) => !["@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb", "@aws-sdk/client-ssm"].includes(s));
const largest = form.largest.slice(0, 5).map((l) => `${l.name} ${l.kb} KB`).join(", ");
const results = {
  date: new Date().toISOString(),
  node: process.version,
  how: "esbuild with SST v2's ESM options and infra/bundling.ts; AWS SDK v3 external (provided by the nodejs22.x runtime); cold import = median of fresh `node` processes importing the bundle",
  functions,
  budgets: {
    formBundleMinified: {
      met: form.bytes <= FORM_BUDGET,
      value: `${Math.round(form.bytes / 1024)} KB`,
      limit: "≤ 150 KB",
      note: `largest parts: ${largest}`,
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
process.stdout.write(`form bundle ${Math.round(form.bytes / 1024)} KB (budget 150 KB); wrote bench/results/bundle.json\n`);
