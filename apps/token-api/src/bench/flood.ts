import { type ChildProcess, fork } from "node:child_process";

export interface FloodReport {
  sent: number;
  byStatus: Record<string, number>;
}

export interface Flood {
  stop(): Promise<FloodReport>;
}

/** Starts the wrong-secret flood of flood-process.ts in a child process; resolves once it fires. */
export async function startFlood(order: {
  url: string;
  token: string;
  rate: number;
  localAddress?: string;
}): Promise<Flood> {
  const child: ChildProcess = fork(new URL("./flood-process.js", import.meta.url), { stdio: "inherit" });
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("message", () => resolve());
    child.send(order);
  });
  return {
    stop: () =>
      new Promise<FloodReport>((resolve, reject) => {
        child.once("message", (report) => resolve(report as FloodReport));
        child.once("exit", (code) => code !== 0 && reject(new Error(`flood process exited with ${code}`)));
        child.send("stop");
      }),
  };
}
