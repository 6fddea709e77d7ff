// Renders docs/summary-email.png: the demo partner's summary email (Spanish, weekly) exactly as the job
// would send it, through the real path (DynamoDB Local in memory, the demo seed, the fold, the
// suppression, the renderer), photographed by Debian's Chromium.
// Run: npx tsx docs/summary-email.ts
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { chromium } from "playwright-core";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Actor } from "@feedback/core/actor";
import { Log } from "@feedback/core/log";
import { Partner } from "@feedback/core/partner";
import { Store } from "@feedback/core/store";
import { ensureTable } from "@feedback/core/store/admin";
import { Summary } from "@feedback/core/summary";
import { startDynamo } from "../packages/functions/src/local/components";
import { DEMO_ORG, DEMO_SURVEY, seed } from "../packages/functions/src/local/seed";

process.env.TOKEN_SECRET ??= "docs-token-secret";
Log.setSink(() => {});
const dynamo = await startDynamo();
try {
  const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "l", secretAccessKey: "l" } });
  await ensureTable(raw, "docs");
  Store.configure({ table: "docs", endpoint: dynamo.endpoint });
  await seed();
  const email = await Actor.provide({ type: "system" }, async () => {
    const partner = (await Partner.list(DEMO_ORG)).find((p) => p.language === "es")!;
    return Summary.preview({ orgId: DEMO_ORG, surveyId: DEMO_SURVEY, partnerId: partner.id });
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 680, height: 1000 }, deviceScaleFactor: 1 });
  await page.setContent(email.html, { waitUntil: "load" });
  const out = join(import.meta.dirname, "summary-email.png");
  await page.screenshot({ path: out, fullPage: true });
  await browser.close();
  writeFileSync(join(import.meta.dirname, "summary-email.txt"), email.text);
  process.stdout.write(`${out}: ${email.subject} (HTML ${Buffer.byteLength(email.html)} B, text ${Buffer.byteLength(email.text)} B, CSV ${Buffer.byteLength(email.csv)} B)\n`);
} finally {
  await dynamo.stop();
}
