// The catalog, through its own entry point and in a module of its own, so that the bundle loads
// it only for the provider list, never with a form.
export { providers } from "@nango/provider-registry/catalog";
