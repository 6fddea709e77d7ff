// Key design for contacts (see store/README.md for the whole table):
// - pk ORG#<orgId>, sk CONTACT#<conId>: the contact, the only item holding a family's name, email and
//   phone (DESIGN §3 rule 1). An organisation's contacts page in id (creation) order.
// - Address markers, one per email address and per phone number a contact has. They let an import find
//   the contact that already owns an address (siblings share guardians) with a batched GetItem instead
//   of reading every contact, let a single creation claim its addresses with a condition, and remember
//   an opt-out or a bounce after the contact is erased, so re-importing an old list never messages
//   someone who said STOP. Keys are hashes: the address itself stays in the contact item only.
//   - email: pk ADDR#<sha256(orgId, "email", lower-cased address)>, sk ADDR.
//   - phone: pk PHONE#<sha256(E.164 number)>, sk ORG#<orgId>. The organisation is in the sort key, not
//     the hash, because an inbound SMS names only the sender's number: STOP finds every organisation's
//     marker for it with one Query, without an index.
//   A hash of a phone number (or of an organisation id and an email) can be reversed by trying
//   candidates, so the table as a whole is still treated as sensitive; what the hash buys is that keys,
//   and everything that copies keys (logs, metrics, exports of other items), never spell an address.
// - pk ORG#<orgId>, sk IMPORT: a lease held while an import writes, so that two imports (or an import
//   and a single creation) cannot both create a contact for the same guardian.
import { hash } from "../util";

export const key = (orgId: string, id: string) => ({ pk: `ORG#${orgId}`, sk: `CONTACT#${id}` });

export type AddressKind = "email" | "phone";

export const addressKey = (orgId: string, kind: AddressKind, address: string) =>
  kind === "email"
    ? { pk: `ADDR#${hash(`${orgId}\u0000email\u0000${address}`)}`, sk: "ADDR" }
    : { pk: phonePartition(address), sk: `ORG#${orgId}` };

export const phonePartition = (phone: string) => `PHONE#${hash(phone)}`;

export const importLeaseKey = (orgId: string) => ({ pk: `ORG#${orgId}`, sk: "IMPORT" });
