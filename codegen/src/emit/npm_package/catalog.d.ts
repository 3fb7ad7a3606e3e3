
import type { CatalogEntry } from "./index.js";

export type { CatalogEntry } from "./index.js";

/** Every provider of the registry, sorted by id. */
export declare const providers: readonly CatalogEntry[];
