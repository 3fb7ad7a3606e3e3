import { useEffect, useState } from "react";
import type { CatalogEntry } from "@nango/provider-registry";

/** Every provider, each linking to its form. The catalog is loaded only on this page. */
export function ProviderList() {
  const [entries, setEntries] = useState<readonly CatalogEntry[] | null>(null);
  useEffect(() => {
    import("./catalog.js").then((module) => setEntries(module.providers));
  }, []);
  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title">Connect forms</h1>
      {entries ? (
        <ul>
          {entries.map((entry) => (
            <li key={entry.id}>
              <a href={`?provider=${encodeURIComponent(entry.id)}`}>{entry.displayName}</a> ({entry.authMode})
            </li>
          ))}
        </ul>
      ) : (
        <p aria-busy="true">Loading the catalog…</p>
      )}
    </section>
  );
}
