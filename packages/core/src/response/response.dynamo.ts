// Key design for responses:
// - pk SURVEY#<surveyId>, sk RESP#<responseId>: a survey's responses, read in one Query for exports.
//   The id is 128 random bits, not a ULID: a ULID would record the submit time to the millisecond,
//   which anonymous mode forbids (DESIGN §3 rule 3).
// - gsi2pk UNFOLDED#<surveyId>, gsi2sk <responseId>: a sparse index of responses not yet counted in the
//   survey's tallies. The summary job reads only these and removes the keys as it folds them, so a run
//   costs in proportion to new responses, with no timestamps needed.
// - pk PUB#<surveyId>#<sha256(device cookie)>, sk ANSWERED: marks that a device answered a public link.
//   It shares its partition with the device's draft (sk DRAFT), so opening the link is one Query.
//   Both carry gsi1pk SURVEY#<surveyId>#PUB (gsi1sk the device hash and kind), the only way to find a
//   survey's device items again, for its retention and its erasure (retention/index.ts).
export const key = (surveyId: string, responseId: string) => ({ pk: `SURVEY#${surveyId}`, sk: `RESP#${responseId}` });
export const unfolded = (surveyId: string, responseId: string) => ({ gsi2pk: `UNFOLDED#${surveyId}`, gsi2sk: responseId });
export const deviceKey = (surveyId: string, deviceHash: string) => ({ pk: `PUB#${surveyId}#${deviceHash}`, sk: "ANSWERED" });
export const deviceIndex = (surveyId: string, deviceHash: string, kind: "ANSWERED" | "DRAFT") => ({ gsi1pk: `SURVEY#${surveyId}#PUB`, gsi1sk: `${deviceHash}#${kind}` });
