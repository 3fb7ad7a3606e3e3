import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { providers } from "@nango/provider-registry";

/** Every provider, each linking to its form. A bundle of its own: a form's page never loads the catalog. */
function ProviderList() {
  return (
    <section aria-labelledby="list-title" className="connect">
      <h1 id="list-title">Connect forms</h1>
      <ul>
        {providers.map((entry) => (
          <li key={entry.id}>
            <a href={`index.html?provider=${encodeURIComponent(entry.id)}`}>{entry.displayName}</a> ({entry.authMode})
          </li>
        ))}
      </ul>
    </section>
  );
}

const mount = document.getElementById("provider-list");
if (mount) {
  createRoot(mount).render(
    <StrictMode>
      <ProviderList />
    </StrictMode>,
  );
}
