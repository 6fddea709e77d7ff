// Answering through a survey's public link (a QR code on a flyer). There is no invitation, so "once"
// is per device: the device's random cookie is hashed into a marker item written in the same
// transaction as the response. The marker holds no time and nothing from the response. A family that
// clears its cookies could answer again; the per-IP rate limit (in the form app) bounds abuse.
import * as z from "zod/mini";
import { VisibleError } from "../error";
import { Store } from "../store";
import * as Survey from "../survey";
import { fn, hash } from "../util";
import { draftKey } from "./draft";
import { build, dimensionsFor, invalid, item } from "./index";
import { deviceIndex, deviceKey } from "./response.dynamo";
import { validate } from "./validate";

export const alreadyAnsweredOnDevice = () =>
  new VisibleError("conflict", "response.already_submitted", "This survey has already been answered on this device.");

export const PublicInput = z.object({
  slug: z.string().check(z.maxLength(60)),
  device: z.string().check(z.minLength(16), z.maxLength(100)),
  language: z.string().check(z.maxLength(20)),
  answers: z.record(z.string().check(z.maxLength(100)), z.unknown()),
});

/** Whether this device has already answered the survey. */
export async function answeredOnDevice(surveyId: string, device: string) {
  return Boolean(await Store.get(deviceKey(surveyId, hash(device))));
}

export { openDevice } from "./draft";

// Built with fn() so that malformed input (a 61-character slug from the URL, a short cookie) is an
// `input` error, not a ZodError that the app would turn into a 500.
export const submitPublic = /* @__PURE__ */ fn(PublicInput, async ({ slug, device, language, answers }) => {
  const loaded = await Survey.bySlug(slug);
  if (!loaded) throw new VisibleError("not_found", "survey.not_found", "This link is not valid.");
  const state = Survey.availability(loaded.info);
  if (state !== "open") throw new VisibleError("conflict", `survey.${state}`, state === "closed" ? "This survey is closed." : "This survey is not open yet.");
  const checked = validate(loaded.content, answers);
  if (checked.errors.length) throw invalid(checked.errors);
  const response = build(loaded.info, loaded.version, checked.answers, dimensionsFor(loaded.info, { language, channel: "public" }));
  const T = Store.table();
  await Store.transact(
    [
      { Put: { TableName: T, Item: item(response), ConditionExpression: "attribute_not_exists(pk)" } },
      { Put: { TableName: T, Item: { ...deviceKey(loaded.info.id, hash(device)), ...deviceIndex(loaded.info.id, hash(device), "ANSWERED"), type: "device_answered" }, ConditionExpression: "attribute_not_exists(pk)" } },
      { Delete: { TableName: T, Key: draftKey({ kind: "device", surveyId: loaded.info.id, device }) } },
    ],
    (index) => (index === 1 ? alreadyAnsweredOnDevice() : new VisibleError("conflict", "response.exists", "This response already exists.")),
  );
  return response;
});
