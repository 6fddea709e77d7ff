// Key design for surveys (see store/README.md for the whole table):
// - pk ORG#<orgId>, sk SURVEY#<id>: the survey's settings and status; an org's surveys in one Query.
//   While open, gsi1pk OPEN, gsi1sk <orgId>#<id>: the jobs (summarise, remind) list every open survey
//   across organisations with one Query on a sparse index, instead of scanning.
// - pk SURVEY#<id>, sk VERSION#<nnnnnn>: each version's content; a launched version is frozen.
// - pk SLUG#<slug>, sk SLUG: the public link, globally unique, created with the survey in one transaction.
// - pk SURVEY#<id>, sk RETENTION: what the survey's items' expiry should be (set when the survey closes,
//   cleared when it reopens) and how far the pass that applies it has got (retention/index.ts). While a
//   pass is owed it carries gsi1pk RETENTION, gsi1sk <orgId>#<id>, so the hourly job finds it.
export const key = (orgId: string, id: string) => ({ pk: `ORG#${orgId}`, sk: `SURVEY#${id}` });
export const versionKey = (id: string, version: number) => ({ pk: `SURVEY#${id}`, sk: `VERSION#${String(version).padStart(6, "0")}` });
export const slugKey = (slug: string) => ({ pk: `SLUG#${slug}`, sk: "SLUG" });
export const openIndex = (orgId: string, id: string) => ({ gsi1pk: "OPEN", gsi1sk: `${orgId}#${id}` });
export const retentionKey = (id: string) => ({ pk: `SURVEY#${id}`, sk: "RETENTION" });
export const retentionIndex = (orgId: string, id: string) => ({ gsi1pk: "RETENTION", gsi1sk: `${orgId}#${id}` });
