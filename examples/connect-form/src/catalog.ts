// The catalog, in a module of its own so that the bundle loads it only for the provider list.
export { providers } from "@nango/provider-registry";
