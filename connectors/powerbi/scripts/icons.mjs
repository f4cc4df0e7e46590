// Connector icons drawn at build time (PNG, 8-bit RGBA): a white "L" on Layer blue, so no binary
// files live in the repository. Power BI wants 16/20/24/32 and 32/40/48/64 pixel variants.
import { crc32, deflateSync } from "node:zlib";

export const ICON_SIZES = [16, 20, 24, 32, 40, 48, 64];

const BLUE = [0x1f, 0x5f, 0xd6, 0xff];
const WHITE = [0xff, 0xff, 0xff, 0xff];

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

export function iconPng(size) {
  const stem = Math.max(2, Math.round(size * 0.16));
  const left = Math.round(size * 0.3);
  const top = Math.round(size * 0.2);
  const bottom = Math.round(size * 0.8);
  const right = Math.round(size * 0.72);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const inStem = x >= left && x < left + stem && y >= top && y < bottom;
      const inFoot = y >= bottom - stem && y < bottom && x >= left && x < right;
      const colour = inStem || inFoot ? WHITE : BLUE;
      Buffer.from(colour).copy(raw, y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
