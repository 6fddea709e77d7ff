// A survey's results for its coordinator: response rates (over time and by site, grade band,
// language, channel), per-question results (the full view), "what partners will see" (the same
// suppression as partner summaries), the raw responses, and a CSV export. All computed in core.
import { Hono } from "hono";
import * as z from "zod";
import { Actor } from "@feedback/core/actor";
import { Rates } from "@feedback/core/rates";
import { Results } from "@feedback/core/results";
import { Id, describe, params, query } from "./spec";

const tag = "results";
const Ref = params(z.object({ id: Id }));
const Version = z.coerce.number().int().min(1).optional();

export const results = new Hono()
  .get("/surveys/:id/rates", describe({ tag, access: "coordinator", summary: "Response rates: overall, per day, and by site, grade band, language and channel", response: Rates.Info }), Ref, async (c) =>
    c.json({ result: await Rates.forSurvey({ orgId: Actor.orgId(), surveyId: c.req.valid("param").id }) }, 200),
  )
  .get(
    "/surveys/:id/results",
    describe({ tag, access: "coordinator", summary: "Per-question results, unsuppressed (the coordinator's full view)", response: Results.Summary }),
    Ref,
    query(z.object({ version: Version })),
    async (c) => c.json({ result: await Results.summary({ orgId: Actor.orgId(), surveyId: c.req.valid("param").id, version: c.req.valid("query").version }) }, 200),
  )
  .get(
    "/surveys/:id/results/partners",
    describe({ tag, access: "coordinator", summary: "What partners will see: the results after small-cell suppression", response: Results.PartnerView }),
    Ref,
    query(z.object({ version: Version, partnerId: Id.optional() })),
    async (c) => c.json({ result: await Results.partnerView({ orgId: Actor.orgId(), surveyId: c.req.valid("param").id, ...c.req.valid("query") }) }, 200),
  )
  .get(
    "/surveys/:id/responses",
    describe({ tag, access: "coordinator", summary: "The raw responses as a table (no contact details in anonymous mode)", response: Results.Table }),
    Ref,
    query(z.object({ version: Version, limit: z.coerce.number().int().min(1).max(5000).default(500), offset: z.coerce.number().int().min(0).default(0) })),
    async (c) => c.json({ result: await Results.rows({ orgId: Actor.orgId(), surveyId: c.req.valid("param").id, ...c.req.valid("query") }) }, 200),
  )
  .get(
    "/surveys/:id/responses.csv",
    describe({ tag, access: "coordinator", produces: "text/csv", summary: "The raw responses as CSV (for the coordinator; partners get suppressed figures only)" }),
    Ref,
    query(z.object({ version: Version })),
    async (c) => {
      const { id } = c.req.valid("param");
      const csv = await Results.csv({ orgId: Actor.orgId(), surveyId: id, version: c.req.valid("query").version });
      c.header("Content-Type", "text/csv; charset=utf-8");
      c.header("Content-Disposition", `attachment; filename="responses-${id}.csv"`);
      c.header("Cache-Control", "no-store");
      return c.body(csv, 200);
    },
  );
