// `npm run bench`: runs every benchmark in turn (each prints its own figures and writes
// bench/results/<name>.json), then writes bench/RESULTS.md from those files: every budget of the
// design with its measured value and whether it is met, the machine, the date, and how to reproduce.
// Benchmarks print numbers; none of them is a timed test.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";

// Quick ones first; each runs alone, in its own process, so none measures another's leftovers.
const ALL = ["bundle", "form", "load", "send", "fold", "cost"];
const benches = (process.argv[2] ? process.argv.slice(2) : ALL).filter((b) => existsSync(new URL(`./${b}.ts`, import.meta.url)));
for (const b of benches) {
  process.stderr.write(`\n== bench/${b}.ts ==\n`);
  const run = spawnSync(process.execPath, ["--import", "tsx", new URL(`./${b}.ts`, import.meta.url).pathname], { stdio: "inherit", env: { ...process.env, LOG_LEVEL: "warn" } });
  if (run.status !== 0) process.stderr.write(`bench/${b}.ts exited with ${run.status}\n`);
}

type Budget = { met: boolean; value?: number | string; limit?: number | string; limitMs?: number; limitBytes?: number; note?: string };
type Result = { date?: string; budgets?: Record<string, Budget>; capacity?: Record<string, string>; [k: string]: unknown };
const results: Record<string, Result> = {};
for (const b of ALL) {
  const f = new URL(`./results/${b}.json`, import.meta.url);
  if (existsSync(f)) results[b] = JSON.parse(readFileSync(f, "utf8"));
}

const cpu = cpus()[0]?.model ?? "unknown CPU";
const commit = (() => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"]).toString().trim();
  } catch {
    return "unknown";
  }
})();
const rows: string[] = [];
for (const [name, r] of Object.entries(results)) {
  for (const [budget, v] of Object.entries(r.budgets ?? {})) {
    const limit = v.limitMs !== undefined ? `< ${v.limitMs} ms` : v.limitBytes !== undefined ? `≤ ${v.limitBytes} B` : v.limit ?? "";
    rows.push(`| ${name} | ${budget} | ${limit} | ${v.value ?? ""} | ${v.met ? "met ✓" : "not met ✗"} | ${v.note ?? ""} |`);
  }
}
/** The cost per 1,000 responses (bench/cost.ts), as a table with the prices and the scenario it assumes. */
function costSection() {
  type Line = { item: string; quantity: number; unit: string; unitPriceUsd: number; usd: number };
  const cost = results.cost as { per1000Responses?: { scenario: string; lines: Line[]; costUsd: { total: number; dynamo: number; everythingElse: number }; lambdaInvocationsTotal: number; messages: Record<string, unknown> }; prices?: { asOf: string; region: string; smsPartNote?: string } } | undefined;
  const per = cost?.per1000Responses;
  if (!per) return "";
  const money = (x: number) => (x >= 0.01 ? x.toFixed(2) : x.toPrecision(2));
  return `## AWS cost per 1,000 responses (bench/cost.ts)

Scenario: ${per.scenario}. Prices: ${cost!.prices!.region}, on demand, as of ${cost!.prices!.asOf}. ${cost!.prices!.smsPartNote ?? ""}

| item | quantity | unit price (USD) | USD |
|---|---|---|---|
${per.lines.map((l) => `| ${l.item} | ${Math.round(l.quantity * 1000) / 1000} ${l.unit} | ${+l.unitPriceUsd.toPrecision(6)} | ${money(l.usd)} |`).join("\n")}
| **total** | | | **${money(per.costUsd.total)}** |

Lambda invocations: ${per.lambdaInvocationsTotal}; messages: ${JSON.stringify(per.messages)}. Everything but messaging: USD ${money(per.costUsd.everythingElse)}.

`;
}

/** Figures some benchmarks add beside their budgets: how far this machine goes when pushed. */
function capacitySection() {
  const lines = Object.entries(results).flatMap(([name, r]) => Object.entries(r.capacity ?? {}).map(([k, v]) => `- ${name}, ${k}: ${v}`));
  return lines.length ? `## Capacity (not budgets)\n\n${lines.join("\n")}\n\n` : "";
}

const md = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts) from \`bench/results/*.json\`. Reproduce with \`npm run bench\`
after the README's setup line, or one benchmark with \`npx tsx bench/<name>.ts\`.

- Date: ${new Date().toISOString()}
- Commit: ${commit} (each benchmark's own run: ${Object.entries(results).map(([name, r]) => `${name} ${(r as { date?: string }).date ?? "?"}`).join(", ")})
- Machine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, DynamoDB Local (Java) on the same machine

## Budgets (DESIGN.md section 7)

| benchmark | budget | limit | measured | status | note |
|---|---|---|---|---|---|
${rows.join("\n")}

${costSection()}
${capacitySection()}## Figures

${Object.entries(results)
  .map(([name, r]) => `### ${name}\n\n\`\`\`json\n${JSON.stringify({ ...r, budgets: undefined, capacity: undefined }, null, 2)}\n\`\`\``)
  .join("\n\n")}
`;
writeFileSync(new URL("./RESULTS.md", import.meta.url), md);
process.stderr.write(`\nwrote bench/RESULTS.md (${rows.length} budgets)\n`);
