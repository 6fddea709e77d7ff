// Drafts: the saved pages of an unfinished answer, so a family can stop and come back to the same link.
// A personal link's draft sits beside its invitation (pk INV#<sha256(token)>, sk DRAFT); a public
// link's draft is keyed to the device's cookie (pk PUB#<surveyId>#<sha256(device)>, sk DRAFT). Drafts
// expire (TTL) and are deleted in the same transaction that stores the response (DESIGN §3 rule 3).
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import { Clock } from "../clock";
import { Store } from "../store";
import * as Invitation from "../invitation";
import { hash } from "../util";
import { deviceIndex } from "./response.dynamo";

export const DRAFT_DAYS = 30;

export const Draft = z.object({
  surveyId: z.string(),
  version: z.int(),
  answers: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
  /** Where the family is: the first question of the current step, or "review". */
  at: z.optional(z.string()),
  /** The language the family chose with the switcher, if they did. */
  lang: z.optional(z.string()),
});
export type Draft = z.infer<typeof Draft>;

export type Owner = { kind: "invitation"; token: string } | { kind: "device"; surveyId: string; device: string };

export const draftKey = (owner: Owner) =>
  owner.kind === "invitation"
    ? { pk: `INV#${hash(owner.token)}`, sk: "DRAFT" }
    : { pk: `PUB#${owner.surveyId}#${hash(owner.device)}`, sk: "DRAFT" };

function parseDraft(item: Record<string, unknown> | undefined, surveyId: string, version: number) {
  if (!item) return undefined;
  const parsed = Draft.safeParse(Store.strip(item));
  // A draft saved against an older version of the survey is ignored rather than half-applied.
  if (!parsed.success || parsed.data.surveyId !== surveyId || parsed.data.version !== version) return undefined;
  return parsed.data;
}

/** The draft for this link and survey version, if any. */
export async function loadDraft(owner: Owner, surveyId: string, version: number): Promise<Draft | undefined> {
  return parseDraft(await Store.get(draftKey(owner)), surveyId, version);
}

/**
 * Everything a personal link needs, in one Query: the invitation and its draft share the partition
 * INV#<sha256(token)> (sk INV and DRAFT), which is why the draft is keyed there.
 */
export async function openLink(token: string) {
  if (!Invitation.isTokenShaped(token)) return undefined;
  const items = await Store.queryAll({ pk: Invitation.keyOf(token).pk, prefix: "" });
  const inv = items.find((i) => i.sk === "INV");
  if (!inv) return undefined;
  const invitation = Invitation.Info.parse(Store.strip(inv));
  const draftItem = items.find((i) => i.sk === "DRAFT");
  return { invitation, draft: (surveyId: string, version: number) => parseDraft(draftItem, surveyId, version) };
}

/**
 * A device on a public link, in one Query: its draft and, once it has answered, the marker
 * (pk PUB#<surveyId>#<sha256(device)>, sk DRAFT and ANSWERED).
 */
export async function openDevice(surveyId: string, device: string, version: number) {
  const owner: Owner = { kind: "device", surveyId, device };
  const items = await Store.queryAll({ pk: draftKey(owner).pk, prefix: "" });
  return { answered: items.some((i) => i.sk === "ANSWERED"), draft: parseDraft(items.find((i) => i.sk === "DRAFT"), surveyId, version) };
}

export async function saveDraft(owner: Owner, draft: Draft) {
  const expiresAt = Clock.epochSeconds() + DRAFT_DAYS * 86400;
  await Store.client().send(new PutCommand({ TableName: Store.table(), Item: { ...draftKey(owner), ...(owner.kind === "device" ? deviceIndex(owner.surveyId, hash(owner.device), "DRAFT") : {}), type: "draft", ...Draft.parse(draft), expiresAt } }));
}
