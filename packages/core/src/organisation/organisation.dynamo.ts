// pk ORG#<orgId>, sk ORG: the organisation's settings. Everything an organisation owns (sites,
// coordinators, partners, surveys, contacts) shares its partition, so "list X of an org" is one Query
// on a `begins_with(sk, "X#")`.
export const key = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: "ORG" });
