// Key design for invitations:
// - pk INV#<sha256(token)>, sk INV: the invitation. A family's link carries the token; the form finds
//   the invitation with one strongly consistent GetItem on the token's hash, and the token itself is
//   never stored (DESIGN §3 rule 2).
// - gsi1pk SURVEY#<surveyId>#INV, gsi1sk INV#<invitationId>: a survey's invitations, for sending,
//   reminders and response rates. One GSI partition per survey: 50,000 writes at the sending rate stay
//   far below a partition's 1,000 writes a second.
// - pk INV#<sha256(token)>, sk DRAFT: the saved pages of an unfinished answer, beside its invitation
//   so resuming is one Query; it expires (TTL) and is deleted with the submit.
export const key = (tokenHash: string) => ({ pk: `INV#${tokenHash}`, sk: "INV" });
export const draftKey = (tokenHash: string) => ({ pk: `INV#${tokenHash}`, sk: "DRAFT" });
export const bySurvey = (surveyId: string, invitationId: string) => ({ gsi1pk: `SURVEY#${surveyId}#INV`, gsi1sk: `INV#${invitationId}` });
