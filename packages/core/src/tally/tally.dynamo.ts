// Key design for tallies:
// - pk SURVEY#<surveyId>, sk TALLY#<nnnnnn>: one tally per survey version, beside the survey's versions
//   and responses. Responses to different versions answer different questions, so they are counted
//   apart; the summary merges versions whose questions agree. A survey's tallies are one Query.
// - The tally's counts are one gzip'd JSON attribute: a district with 200 schools, 25 questions and 15
//   languages has tens of thousands of counters, which as a DynamoDB map would pass the 400 KB item
//   limit, and the fold rewrites the whole item anyway (read, add, conditional put).
// - `rev` is the optimistic lock: every fold writes rev + 1 on condition that rev is what it read.
// The checkpoint is the response itself: a response carries gsi2pk UNFOLDED#<surveyId> until it is
// counted, and the same transaction that writes the tally removes it (response/response.dynamo.ts).
export const key = (surveyId: string, version: number) => ({ pk: `SURVEY#${surveyId}`, sk: `TALLY#${String(version).padStart(6, "0")}` });
export const prefix = "TALLY#";
export const unfoldedPartition = (surveyId: string) => `UNFOLDED#${surveyId}`;
