/**
 * The server's log: one JSON line per event on stderr (stdout carries the stdio protocol). It
 * takes named fields only, never free text from a request, so no token can reach it: a token's
 * public key id is the most a line says about one.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;
export type Log = (event: string, fields?: LogFields) => void;

export function stderrLog(write: (line: string) => void = (line) => process.stderr.write(line)): Log {
  return (event, fields = {}) => {
    write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
  };
}

export const silentLog: Log = () => {};
