// A consumer of the package's types, checked by `tsc --strict` (.ci/browser.sh). Each
// `@ts-expect-error` line must be a type error, or tsc fails.
import { loadProvider, providers, transformErrors, type ProviderId, type Submission } from "@nango/provider-registry";

export const kandji: Submission<"kandji"> = {
  connection_config: { subdomain: "nango.api" },
  credentials: { apiKey: "5037c64a-83d3-4725-a131-31b9b28856c0" },
};

export const missingApiKey: Submission<"kandji"> = {
  connection_config: { subdomain: "nango.api" },
  // @ts-expect-error `credentials.apiKey` is required
  credentials: {},
};

// @ts-expect-error `credentials` is required
export const missingCredentials: Submission<"kandji"> = { connection_config: { subdomain: "nango.api" } };

// @ts-expect-error not a field of Kandji's form
export const unknownField: Submission<"kandji"> = { ...kandji, credentials: { apiKey: "x", token: "y" } };

export const amplitude: Submission<"amplitude"> = {
  connection_config: { hostname: "analytics.eu.amplitude.com" },
  credentials: { username: "key", password: "secret" },
};

// Amplitude's hostname is optional, and an enum.
export const amplitudeWithoutHostname: Submission<"amplitude"> = { credentials: { username: "key", password: "secret" } };

export const wrongHostname: Submission<"amplitude"> = {
  // @ts-expect-error not one of the enum's values
  connection_config: { hostname: "example.com" },
  credentials: { username: "key", password: "secret" },
};

export const paligo: ProviderId = "paligo";

// @ts-expect-error not a provider of the registry
export const unknownId: ProviderId = "no-such-provider";

// @ts-expect-error not a provider of the registry
export const unknownForm = loadProvider("no-such-provider");

export async function schemaOfFirstProvider(): Promise<string> {
  const first = providers[0];
  if (!first) {
    return "";
  }
  const form = await loadProvider(first.id);
  const id: ProviderId = form.id;
  return `${id}: ${form.schema.title}, ${transformErrors([{ stack: "" }], form.uiSchema).length} error`;
}
