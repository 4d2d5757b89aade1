// Draws the toolbar icons (a page with three text lines, the middle paragraph kept, in a rounded
// square) as PNGs with no image library: `node extension/icons/make.mjs` rewrites 16/32/48/128.png.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (const b of buf) {
    c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) pixel(x, y).forEach((v, i) => (raw[y * (size * 4 + 1) + 1 + x * 4 + i] = v));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const GREEN = [26, 127, 55];
for (const size of [16, 32, 48, 128]) {
  const s = size / 16; // design grid is 16 units
  const r = 3 * s;
  const inRounded = (x, y) => {
    const cx = Math.min(Math.max(x, r), size - r), cy = Math.min(Math.max(y, r), size - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  const bars = [[3, 4, 13, 5.5, 0.45], [3, 7.25, 13, 8.75, 1], [3, 10.5, 10, 12, 0.45]];
  writeFileSync(new URL(`./${size}.png`, import.meta.url), png(size, (px, py) => {
    const x = px + 0.5, y = py + 0.5;
    if (!inRounded(x, y)) return [0, 0, 0, 0];
    for (const [x0, y0, x1, y1, a] of bars) {
      // white blended over the green by a (the faint lines are the parts clean view hides)
      if (x >= x0 * s && x <= x1 * s && y >= y0 * s && y <= y1 * s) return [...GREEN.map((g) => Math.round(255 * a + g * (1 - a))), 255];
    }
    return [...GREEN, 255];
  }));
}
