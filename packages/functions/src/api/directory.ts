// The contact directory: list, search and erase one contact. (Importing a CSV is the contact import
// API's.) Contacts hold families' names, emails and phones (DESIGN §3 rule 1): only coordinators of the
// organisation reach them here, and nothing here logs them.
import { Hono } from "hono";
import * as z from "zod";
import { Actor } from "@feedback/core/actor";
import { Contact } from "@feedback/core/contact";
import { Id, describe, params, query } from "./spec";

const tag = "contacts";
const Page = z.object({ contacts: z.array(Contact.Info), cursor: z.string().optional() });

export const directory = new Hono()
  .get(
    "/contacts",
    describe({
      tag,
      access: "coordinator",
      summary: "List contacts a page at a time, or search by name, email or phone",
      description: "An email or phone number is matched exactly; other text matches names, a bounded number of contacts per call (follow `cursor` for more).",
      response: Page,
    }),
    query(z.object({ q: z.string().trim().max(200).optional(), cursor: z.string().max(2000).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })),
    async (c) => {
      const { q, cursor, limit } = c.req.valid("query");
      const orgId = Actor.orgId();
      const page = q ? await Contact.search({ orgId, q, cursor, limit }) : await Contact.list({ orgId, cursor, limit });
      return c.json({ result: { contacts: page.contacts, cursor: page.cursor } }, 200);
    },
  )
  .delete(
    "/contacts/:id",
    describe({ tag, access: "coordinator", status: 204, summary: "Erase one contact (an opt-out is remembered for its address, without the contact)" }),
    params(z.object({ id: Id })),
    async (c) => {
      await Contact.erase({ orgId: Actor.orgId(), id: c.req.valid("param").id });
      return c.body(null, 204);
    },
  );
