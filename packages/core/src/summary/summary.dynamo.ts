// Key design for partner summaries:
// - pk SURVEY#<surveyId>, sk SUMMARY#<partnerId>#<period>#<recipient>: one delivery record per
//   (survey, partner, period, contact email). It is written (claimed) BEFORE the email is sent, with a
//   condition that no such record exists yet (or that the last attempt failed), so a retried or crashed
//   job can never send the same period twice. A survey's deliveries are one Query (console, job).
//   <recipient> is sha256(email), so the key holds no address; the record itself keeps the address,
//   which is the partner's business contact, not a family's.
// - pk SUMMARISE, sk <orgId>#<surveyId>: surveys the job follows. Open surveys are found through the
//   OPEN index, but a closed survey leaves it, and still owes its partners a final summary; the marker
//   keeps it in view until every final summary is out, then is marked done and left to expire (TTL).
// - pk ORG#<orgId>, sk SUMMARY_OPTOUT#<sha256(email)>: an address that unsubscribed from summaries.
//   Per organisation, as DESIGN §4 says: never messaged again by that organisation.
// - pk PARTNERUNSUB#<sha256(token)>, sk UNSUB: what a summary's unsubscribe link stands for
//   (organisation, partner, address). Only the hash of the token is stored (DESIGN §3 rule 2); it
//   expires (TTL). Apart from families' unsubscribe items (UNSUB#, optout/), which name a contact.
import { hash } from "../util";

export const deliveryKey = (surveyId: string, partnerId: string, period: string, email: string) => ({
  pk: `SURVEY#${surveyId}`,
  sk: `SUMMARY#${partnerId}#${period}#${hash(email.toLowerCase())}`,
});
export const deliveryPrefix = "SUMMARY#";
export const trackKey = (orgId: string, surveyId: string) => ({ pk: "SUMMARISE", sk: `${orgId}#${surveyId}` });
export const optOutKey = (orgId: string, email: string) => ({ pk: `ORG#${orgId}`, sk: `SUMMARY_OPTOUT#${hash(email.toLowerCase())}` });
export const optOutPrefix = "SUMMARY_OPTOUT#";
export const unsubscribeKey = (tokenHash: string) => ({ pk: `PARTNERUNSUB#${tokenHash}`, sk: "UNSUB" });
