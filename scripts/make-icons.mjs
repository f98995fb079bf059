#!/usr/bin/env node
// Draws the app icons (the porthole of public/favicon.svg) as PNGs into public/:
//   pwa-192x192.png, pwa-512x512.png  transparent, the logo edge to edge ("any")
//   maskable-512x512.png              full-bleed background, logo inside the inner 80% safe zone
//   apple-touch-icon.png              180×180, opaque (iOS fills transparency with black)
// Pure Node: circles rasterized with 4×4 supersampling, PNG written by hand with node:zlib.
// Run: node scripts/make-icons.mjs  (the PNGs are committed; rerun after changing the logo)
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

const colors = {
  ring: [0x0b, 0x3d, 0x5c], // --ph-accent-strong, the favicon's outer circle
  lens: [0x7f, 0xd1, 0xff], // --ph-accent
  rim: [0xff, 0xff, 0xff],
  deep: [0x0b, 0x16, 0x20], // --ph-bg
};

/**
 * The logo as painter-ordered circles in favicon.svg units (viewBox 0 0 64 64, centre 32,32):
 * outer disc r=30, lens r=20 with a 4-unit white stroke (so r=22 of white under r=18 of lens),
 * pupil r=7.
 */
function logo(outer) {
  return [
    { r: 30, color: outer },
    { r: 22, color: colors.rim },
    { r: 18, color: colors.lens },
    { r: 7, color: colors.ring },
  ];
}

/**
 * Renders a square RGBA image: an optional background, then the logo scaled so that its outer
 * radius (30 units) is `logoRadius` × size.
 */
function render(size, { background, logoRadius, outer }) {
  const shapes = logo(outer);
  const scale = (logoRadius * size) / 30;
  const centre = size / 2;
  const samples = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const dx = (x + (sx + 0.5) / samples - centre) / scale;
          const dy = (y + (sy + 0.5) / samples - centre) / scale;
          const d = Math.hypot(dx, dy);
          let color = background;
          for (const shape of shapes) if (d <= shape.r) color = shape.color;
          if (color) {
            r += color[0];
            g += color[1];
            b += color[2];
            a += 1;
          }
        }
      }
      const i = (y * size + x) * 4;
      const n = samples * samples;
      // Colours averaged over covered samples only (straight alpha), coverage as alpha.
      pixels[i] = a ? Math.round(r / a) : 0;
      pixels[i + 1] = a ? Math.round(g / a) : 0;
      pixels[i + 2] = a ? Math.round(b / a) : 0;
      pixels[i + 3] = Math.round((a / n) * 255);
    }
  }
  return pixels;
}

/** One PNG chunk: length, type, data, CRC of type + data. */
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes RGBA pixels as an 8-bit truecolour-with-alpha PNG (filter 0 on every row). */
export function encodePng(size, pixels) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y += 1) pixels.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const icons = [
  // "any": the logo fills the square like the favicon (r 30 of 32 units).
  { file: 'pwa-192x192.png', size: 192, logoRadius: 30 / 64, outer: colors.ring },
  { file: 'pwa-512x512.png', size: 512, logoRadius: 30 / 64, outer: colors.ring },
  // Maskable: theme-colour background to every edge; the logo's radius 0.36 stays inside the
  // safe zone (a circle of radius 0.4 × size), whatever shape the launcher masks with.
  { file: 'maskable-512x512.png', size: 512, logoRadius: 0.36, outer: colors.deep, background: colors.ring },
  { file: 'apple-touch-icon.png', size: 180, logoRadius: 0.36, outer: colors.deep, background: colors.ring },
];

const outDir = new URL('../public/', import.meta.url);
for (const icon of icons) {
  const png = encodePng(icon.size, render(icon.size, icon));
  writeFileSync(new URL(icon.file, outDir), png);
  console.log(`${icon.file}: ${icon.size}×${icon.size}, ${png.length} bytes`);
}
