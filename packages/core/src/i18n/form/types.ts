import type en from "./en";

/** Every locale's form catalogue has exactly the English keys. */
export type FormCatalogue = { readonly [K in keyof typeof en]: string };
