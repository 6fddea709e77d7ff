// The unsubscribe app: one-click unsubscribe links from invitation emails (/u/:token) and partner
// summary emails (/unsubscribe/partner/:token), with the family pages' headers and status pages.
//
// A function of its own rather than routes of the form: unsubscribing needs contacts, markers,
// messages and partner records, which the form never touches. Kept apart, the form's bundle holds only
// what answering a survey needs (it is loaded on every cold start of launch night), and this one is
// cold-started only by the few who unsubscribe.
import { familyApp } from "../form/shell";
import { unsubscribe as email } from "./email";
import { partnerUnsubscribe as partner } from "./partner";

export const unsubscribe = familyApp().route("/", email).route("/", partner);
