import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { X509Certificate } from "node:crypto";
import { join } from "node:path";
import { createCA, createCert } from "mkcert";

export interface LocalCertificate {
  key: string;
  cert: string;
  /** The local certificate authority that signed `cert`: trust it once to open the pane without warnings. */
  caCert: string;
  /** Where the authority's certificate was written, when a directory was given. */
  caCertPath: string | null;
}

const DOMAINS = ["localhost", "127.0.0.1", "::1"];
const DAY_MS = 86_400_000;

/**
 * A local HTTPS certificate for the add-in's files, from the `mkcert` npm package (pure JS;
 * office-addin-dev-certs calls sudo on Linux, docs/hosts.md). With a directory it is kept there
 * (git-ignored: `.certs/`) and reused until a week before it expires; with null it lives in memory.
 */
export async function localCertificate(dir: string | null): Promise<LocalCertificate> {
  if (dir) {
    const files = { key: join(dir, "localhost-key.pem"), cert: join(dir, "localhost.pem"), ca: join(dir, "ca.pem") };
    if (existsSync(files.key) && existsSync(files.cert) && existsSync(files.ca)) {
      const cert = readFileSync(files.cert, "utf8");
      if (Date.parse(new X509Certificate(cert).validTo) - Date.now() > 7 * DAY_MS) {
        return {
          key: readFileSync(files.key, "utf8"),
          cert,
          caCert: readFileSync(files.ca, "utf8"),
          caCertPath: files.ca,
        };
      }
    }
    const fresh = await createCertificate();
    mkdirSync(dir, { recursive: true });
    writeFileSync(files.key, fresh.key, { mode: 0o600 });
    writeFileSync(files.cert, fresh.cert);
    writeFileSync(files.ca, fresh.caCert);
    return { ...fresh, caCertPath: files.ca };
  }
  return { ...(await createCertificate()), caCertPath: null };
}

async function createCertificate(): Promise<Omit<LocalCertificate, "caCertPath">> {
  const ca = await createCA({
    organization: "Layer for Excel local development CA",
    countryCode: "US",
    state: "Local",
    locality: "Local",
    validity: 365,
  });
  const leaf = await createCert({ ca, domains: DOMAINS, validity: 365, organization: "Layer for Excel (local)" });
  return { key: leaf.key, cert: `${leaf.cert}\n${ca.cert}`, caCert: ca.cert };
}
