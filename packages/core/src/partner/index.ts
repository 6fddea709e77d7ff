// Partners: community organisations that receive anonymised summaries. Only partners whose
// data-sharing agreement is active (start and end dates, FERPA practice) receive anything, in their
// own language, at their own frequency. A partner may ask for a higher privacy threshold than the
// organisation's floor, never a lower one (checked where both are known: summaries).
export * as Partner from "./index";

import { z } from "zod";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { VisibleError } from "../error";
import { Locale } from "../locale";
import { Organisation } from "../organisation";
import { Store } from "../store";
import { createId, fn } from "../util";

// pk ORG#<orgId>, sk PARTNER#<id>: list an organisation's partners (the summary job reads them all).
export const key = (orgId: string, id: string) => ({ pk: `ORG#${orgId}`, sk: `PARTNER#${id}` });

export const Kind = z.enum(["business", "university", "nonprofit", "faith", "government", "other"]);
const Day = z.iso.date();

const Fields = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string().trim().min(1).max(200),
  kind: Kind,
  contactEmails: z.array(z.email().max(254)).min(1).max(20),
  language: Locale.Tag,
  frequency: z.enum(["weekly", "monthly"]),
  /** Raises the cell threshold k for this partner's summaries; never lowers it below the org floor. */
  privacyThreshold: z.number().int().min(Organisation.MIN_PRIVACY_FLOOR).max(1000).optional(),
  agreement: z.object({ start: Day, end: Day }),
  createdAt: z.string(),
});
const agreementInOrder = <T extends { agreement: { start: string; end: string } }>(p: T) => p.agreement.start <= p.agreement.end;
const agreementMessage = { message: "The agreement must end after it starts.", path: ["agreement", "end"] };

export const Info = Fields.refine(agreementInOrder, agreementMessage);
export type Info = z.infer<typeof Info>;

export const CreateInput = Fields.omit({ id: true, createdAt: true })
  .extend({ frequency: Fields.shape.frequency.default("weekly") })
  .refine(agreementInOrder, agreementMessage);

export const create = fn(CreateInput, async (input) => {
  Actor.assertOrg(input.orgId);
  const info = Info.parse({ ...input, id: createId("ptn"), createdAt: Clock.iso() });
  await Store.create({ ...key(info.orgId, info.id), type: "partner", ...info }, { code: "partner.exists", message: "This partner already exists." });
  return info;
});

export const get = fn(z.object({ orgId: z.string(), id: z.string() }), async ({ orgId, id }) => {
  Actor.assertOrg(orgId);
  const item = await Store.get(key(orgId, id));
  if (!item) throw new VisibleError("not_found", "partner.not_found", "Partner not found.");
  return Info.parse(Store.strip(item));
});

export const list = fn(z.string(), async (orgId) => {
  Actor.assertOrg(orgId);
  return (await Store.queryAll({ pk: `ORG#${orgId}`, prefix: "PARTNER#" })).map((i) => Info.parse(Store.strip(i)));
});

/** Whether the data-sharing agreement covers `day` (YYYY-MM-DD). */
export const isActive = (partner: Info, day: string) => partner.agreement.start <= day && day <= partner.agreement.end;
