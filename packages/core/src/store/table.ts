// The table's shape, shared by the infrastructure (infra/storage.ts) and the local runtime and tests,
// so DynamoDB Local always has exactly the key schema AWS has.
export const GSI1 = "gsi1";
export const GSI2 = "gsi2";
export const TTL_ATTRIBUTE = "expiresAt";

/** Every key attribute is a string; GSIs are sparse: an item is in a GSI only if it has its keys. */
export const tableDefinition = {
  attributes: ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"],
  primary: { partition: "pk", sort: "sk" },
  globalIndexes: {
    [GSI1]: { partition: "gsi1pk", sort: "gsi1sk" },
    [GSI2]: { partition: "gsi2pk", sort: "gsi2sk" },
  },
  ttl: TTL_ATTRIBUTE,
} as const;
