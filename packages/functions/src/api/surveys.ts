// Surveys: the list (with response rates and the next partner summary), creating, the builder's
// content, settings, status transitions, readiness (launch problems and translation completeness per
// language), the live preview of the family form, and erasing everything of a survey (DESIGN §3 rule 7). Launching with invitations is the launch API's
// (it opens the survey and queues the sending); results are in results.ts.
import { Hono } from "hono";
import * as z from "zod";
import { omit } from "zod/mini";
import { Actor } from "@feedback/core/actor";
import { Rates } from "@feedback/core/rates";
import { Retention } from "@feedback/core/retention";
import { Survey } from "@feedback/core/survey";
import { previewPage } from "../form/preview";
import { Id, body, describe, params, query } from "./spec";

const tag = "surveys";
/** Within the API Lambda's 20 s: what is left of a retention pass goes to the hourly job, an erase is called again. */
const RETENTION_BUDGET_MS = 5_000;
const ERASE_BUDGET_MS = 12_000;
const Ref = params(z.object({ id: Id }));

export const Readiness = z.object({
  version: z.number().int(),
  completeness: z.record(z.string(), z.number().int()),
  problems: z.array(z.object({ code: z.string(), message: z.string(), language: z.string().optional(), acceptable: z.boolean().optional() })),
});
const Detail = z.object({ survey: Survey.Info, content: Survey.Content, readiness: Readiness });
const Preview = z.object({ html: z.string(), pages: z.number().int(), page: z.number().int(), locale: z.string() });

export const surveys = new Hono()
  .get("/surveys", describe({ tag, access: "coordinator", summary: "Surveys with status, response rate and next partner summary", response: z.array(Rates.Overview) }), async (c) =>
    c.json({ result: await Rates.list(Actor.orgId()) }, 200),
  )
  .post(
    "/surveys",
    describe({ tag, access: "coordinator", status: 201, summary: "Create a draft survey", response: Survey.Info }),
    body(omit(Survey.CreateInput, { orgId: true, id: true })),
    async (c) => c.json({ result: await Survey.create({ ...c.req.valid("json"), orgId: Actor.orgId() }) }, 201),
  )
  .get("/surveys/:id", describe({ tag, access: "coordinator", summary: "A survey with its newest content and readiness", response: Detail }), Ref, async (c) =>
    c.json({ result: await Survey.detail({ orgId: Actor.orgId(), id: c.req.valid("param").id }) }, 200),
  )
  .put(
    "/surveys/:id/content",
    describe({ tag, access: "coordinator", summary: "Save the content (questions, options, translations); after launch this makes a new version", response: Detail }),
    Ref,
    body(z.object({ content: Survey.Content })),
    async (c) => {
      const orgId = Actor.orgId();
      const { id } = c.req.valid("param");
      await Survey.saveContent({ orgId, id, content: c.req.valid("json").content });
      return c.json({ result: await Survey.detail({ orgId, id }) }, 200);
    },
  )
  .patch(
    "/surveys/:id/settings",
    describe({ tag, access: "coordinator", summary: "Change settings: anonymity (before launch), dimensions, dates, reminders, partners, privacy threshold", response: Survey.Info }),
    Ref,
    body(omit(Survey.UpdateSettings, { orgId: true, id: true })),
    async (c) => c.json({ result: await Survey.updateSettings({ ...c.req.valid("json"), orgId: Actor.orgId(), id: c.req.valid("param").id }) }, 200),
  )
  .post(
    "/surveys/:id/transition",
    describe({ tag, access: "coordinator", summary: "Close, or reopen, a survey (opening a draft freezes its version)", response: Survey.Info }),
    Ref,
    body(z.object({ to: Survey.Status })),
    async (c) => {
      const orgId = Actor.orgId();
      const { id } = c.req.valid("param");
      const survey = await Survey.transition({ orgId, id, to: c.req.valid("json").to });
      // Closing sets the expiry of the survey's responses (reopening removes it); a small survey is done
      // here, a large one is finished by the hourly retention job.
      await Retention.apply({ orgId, surveyId: id, budgetMs: RETENTION_BUDGET_MS });
      return c.json({ result: survey }, 200);
    },
  )
  .post(
    "/surveys/:id/erase",
    describe({
      tag,
      access: "coordinator",
      summary: "Erase everything of a survey: responses, invitations, drafts, tallies, summary records, versions, the survey itself",
      description:
        "Cannot be undone. Summaries already emailed to partners are gone from our side only. A large survey takes several calls: " +
        "`done: false` means call again (it carries on from what is left); once done the survey is gone and a further call is a 404.",
      response: Retention.EraseProgress,
    }),
    Ref,
    async (c) => c.json({ result: await Retention.eraseSurvey({ orgId: Actor.orgId(), surveyId: c.req.valid("param").id, budgetMs: ERASE_BUDGET_MS }) }, 200),
  )
  .get(
    "/surveys/:id/readiness",
    describe({ tag, access: "coordinator", summary: "Everything that stops a launch, and translation completeness per language", response: Readiness }),
    Ref,
    query(z.object({ acceptFallback: z.enum(["true", "false"]).default("false") })),
    async (c) =>
      c.json({ result: await Survey.readiness({ orgId: Actor.orgId(), id: c.req.valid("param").id, acceptFallback: c.req.valid("query").acceptFallback === "true" }) }, 200),
  )
  .post(
    "/surveys/:id/preview",
    describe({ tag, access: "coordinator", summary: "The family form's page, rendered from the given (unsaved) or saved content, in a language", response: Preview }),
    Ref,
    body(z.object({ content: z.optional(Survey.Content), lang: z.string().max(20), page: z.number().int().min(1).max(50).default(1) })),
    async (c) => {
      const { content, lang, page } = c.req.valid("json");
      const { survey, content: saved } = await Survey.detail({ orgId: Actor.orgId(), id: c.req.valid("param").id });
      return c.json({ result: previewPage({ content: content ?? saved, anonymity: survey.anonymity, lang, page }) }, 200);
    },
  );
