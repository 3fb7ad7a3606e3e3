import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { loadProvider, type ProviderForm, type ProviderId } from "@nango/provider-registry";
import { ConnectForm, type FormData } from "./ConnectForm.js";

/** The page's provider: the mount point's `data-provider`, else the `provider` query parameter. */
function requestedProvider(mount: HTMLElement): string | null {
  return mount.dataset.provider ?? new URLSearchParams(window.location.search).get("provider");
}

/**
 * The values the platform fills in (hidden and automated fields), as JSON in the mount point's
 * `data-values` or the `values` query parameter.
 */
function platformValues(mount: HTMLElement): FormData | undefined {
  const text = mount.dataset.values ?? new URLSearchParams(window.location.search).get("values");
  return text ? (JSON.parse(text) as FormData) : undefined;
}

function ConnectPage({ id, values }: { id: string; values?: FormData }) {
  const [form, setForm] = useState<ProviderForm | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [submission, setSubmission] = useState<string | null>(null);
  useEffect(() => {
    // The id comes from the page; `loadProvider` refuses an id that is not a provider.
    loadProvider(id as ProviderId).then(setForm, (error: Error) => setProblem(error.message));
  }, [id]);
  if (problem) {
    return <p role="alert">{problem}</p>;
  }
  if (!form) {
    return <p aria-busy="true">Loading the form…</p>;
  }
  return (
    <section aria-labelledby="connect-title" className="connect">
      <h1 id="connect-title">Connect {form.schema.title}</h1>
      <ConnectForm form={form} platformValues={values} onConnect={(data) => setSubmission(JSON.stringify(data, null, 2))} />
      {submission && (
        <section aria-labelledby="submission-title">
          <h2 id="submission-title">Submitted</h2>
          <pre id="submission">{submission}</pre>
        </section>
      )}
    </section>
  );
}

const mount = document.getElementById("connect-form");
if (mount) {
  const id = requestedProvider(mount);
  createRoot(mount).render(<StrictMode>{id ? (
        <ConnectPage id={id} values={platformValues(mount)} />
      ) : (
        <p>
          Name a provider: <code>index.html?provider=&lt;id&gt;</code>, or pick one from{" "}
          <a href="providers.html">the providers</a>.
        </p>
      )}</StrictMode>);
}
