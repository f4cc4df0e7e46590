// `npm run start -w connectors/excel`: serve the built add-in on https://localhost:3000 (ADDIN_PORT).
import { startAddinServer } from "./addin-server.js";

const server = await startAddinServer();
console.log(`Layer for Excel: ${server.url}`);
console.log(`Manifest: ${server.origin}/manifest.xml (sideload it in Excel; npm run start:desktop on Windows/Mac)`);
if (server.caCertPath) console.log(`Local CA to trust once: ${server.caCertPath}`);
const stop = () => void server.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
