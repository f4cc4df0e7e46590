// The proxy as deployed for the benchmark: `node dist/server.js` in its own process, started with
// the Node flags of this package's `npm start`, so its memory is its own and measured as run.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ProxyProcess {
  child: ChildProcess;
  pid: number;
  serviceUrl: string;
  /** The Node flags it runs with (from `npm start`). */
  nodeFlags: string[];
}

/** The flags between `node` and `dist/server.js` in the package's start script. */
function startFlags(packageDir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(/\s+/);
  const node = words.indexOf("node");
  const server = words.indexOf("dist/server.js");
  return node >= 0 && server > node ? words.slice(node + 1, server) : [];
}

export function startProxyProcess(packageDir: string, apiUrl: string): Promise<ProxyProcess> {
  const nodeFlags = startFlags(packageDir);
  const child = spawn(process.execPath, [...nodeFlags, join(packageDir, "dist", "server.js")], {
    env: { ...process.env, PROXY_PORT: "0", LAYER_API_URL: apiUrl, PROXY_QUIET: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let buffered = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /Layer OData proxy: (\S+)/.exec(buffered);
      if (match?.[1] && child.pid !== undefined) resolve({ child, pid: child.pid, serviceUrl: match[1], nodeFlags });
    });
    child.once("exit", (code) => reject(new Error(`proxy exited with ${code}`)));
  });
}

/** Resident set now and at its peak (VmHWM), in MB, from /proc (Linux). */
export function memory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

/** CPU seconds the process has used (user + system), from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
