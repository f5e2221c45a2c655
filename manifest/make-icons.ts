/**
 * Draws the two Teams app icons and writes them next to this script:
 *
 *   manifest/color.png    192×192, full colour: a blue tile with a tied-arch bridge whose left half is white
 *                         and right half yellow (BIF and SOF meeting in the middle), over two waves.
 *   manifest/outline.png  32×32, the same bridge in pure white on a transparent background (only fully
 *                         opaque white and fully transparent pixels, as Teams requires for the outline icon).
 *
 * The PNGs are committed; run this only to change them:  npx tsx manifest/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pngjs from 'pngjs';

type Rgba = readonly [number, number, number, number];

/** Keep in step with "accentColor" in manifest.json. */
const BLUE: Rgba = [0x1f, 0x4e, 0x79, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const YELLOW: Rgba = [0xf2, 0xc1, 0x4e, 255];
const WATER: Rgba = [0x8e, 0xc3, 0xe6, 255];

/** The bridge in unit coordinates (0..1, y downwards); `weight` scales the line widths for small sizes. */
interface Bridge {
  deckY: number;
  deckHalfHeight: number;
  deckFrom: number;
  deckTo: number;
  archRadius: number;
  archHalfWidth: number;
  hangerXs: number[];
  hangerHalfWidth: number;
  wavesY: number[];
  waveHalfHeight: number;
}

const LARGE: Bridge = {
  deckY: 0.6,
  deckHalfHeight: 0.03,
  deckFrom: 0.1,
  deckTo: 0.9,
  archRadius: 0.33,
  archHalfWidth: 0.03,
  hangerXs: [0.3, 0.4, 0.5, 0.6, 0.7],
  hangerHalfWidth: 0.012,
  wavesY: [0.72, 0.82],
  waveHalfHeight: 0.018,
};

const SMALL: Bridge = {
  deckY: 0.64,
  deckHalfHeight: 0.05,
  deckFrom: 0.03,
  deckTo: 0.97,
  archRadius: 0.42,
  archHalfWidth: 0.05,
  hangerXs: [0.34, 0.5, 0.66],
  hangerHalfWidth: 0.032,
  wavesY: [0.86],
  waveHalfHeight: 0.04,
};

type Part = 'deck' | 'arch' | 'hanger' | 'wave' | null;

function partAt(b: Bridge, x: number, y: number): Part {
  if (Math.abs(y - b.deckY) <= b.deckHalfHeight && x >= b.deckFrom && x <= b.deckTo) return 'deck';
  const r = Math.hypot(x - 0.5, y - b.deckY);
  if (y <= b.deckY && Math.abs(r - b.archRadius) <= b.archHalfWidth) return 'arch';
  if (y <= b.deckY && r <= b.archRadius && b.hangerXs.some((hx) => Math.abs(x - hx) <= b.hangerHalfWidth)) return 'hanger';
  for (const waveY of b.wavesY) {
    const crest = waveY + 0.02 * Math.sin(x * Math.PI * 8);
    if (x >= b.deckFrom && x <= b.deckTo && Math.abs(y - crest) <= b.waveHalfHeight) return 'wave';
  }
  return null;
}

function colourIcon(size: number): pngjs.PNG {
  const png = new pngjs.PNG({ width: size, height: size });
  const samples = 4; // 4×4 supersampling for smooth edges
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          const part = partAt(LARGE, x, y);
          const colour = part === null ? BLUE : part === 'wave' ? WATER : x < 0.5 ? WHITE : YELLOW;
          for (let c = 0; c < 3; c++) sum[c]! += colour[c]!;
        }
      }
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(sum[c]! / (samples * samples));
      png.data[i + 3] = 255;
    }
  }
  return png;
}

function outlineIcon(size: number): pngjs.PNG {
  const png = new pngjs.PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const inside = partAt(SMALL, (px + 0.5) / size, (py + 0.5) / size) !== null;
      const i = (py * size + px) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = 255;
      png.data[i + 3] = inside ? 255 : 0;
    }
  }
  return png;
}

export function makeIcons(folder: string): void {
  writeFileSync(join(folder, 'color.png'), pngjs.PNG.sync.write(colourIcon(192)));
  writeFileSync(join(folder, 'outline.png'), pngjs.PNG.sync.write(outlineIcon(32)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  makeIcons(dirname(fileURLToPath(import.meta.url)));
}
