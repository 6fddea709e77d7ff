// Key design for distribution (see store/README.md for the whole table):
// - pk SURVEY#<surveyId>, sk LAUNCH: the survey's launch. A lease (runId, leaseUntil) lets one launch
//   run at a time, so a double click gets "already running" instead of a second pass; a cursor (the
//   last contact id handled) lets a launch that stopped (a timeout, a crash) carry on where it was, and
//   a later launch invite only contacts added since. Beside the survey's versions and responses, in
//   the survey's own partition; every read checks the survey's organisation first.
// Invitations keep their own keys (invitation.dynamo.ts); their ids are derived from (survey, contact)
// (Invitation.idFor), which is what makes creating one twice impossible.
export const launchKey = (surveyId: string) => ({ pk: `SURVEY#${surveyId}`, sk: "LAUNCH" });
