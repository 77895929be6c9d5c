// Property-based tests of image folders (paths, class folders, class lists) and of the PNG decoder the
// command line uses: consistent LabelledImages, or a DataFormatError naming the folder or the file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectCleanRefusal, fuzzParams } from '../fuzz/fuzz-settings';
import { DataFormatError } from './idx';
import { openDataset } from './open-dataset';
import { decodePng } from './png';
import { encodePng } from './png-encode';

/** A stand-in decoder: the first bytes give the size and channels; a first byte of 0 is a corrupt image. */
async function decode(bytes: ArrayBuffer, name: string) {
  const b = new Uint8Array(bytes);
  if (b.length < 3 || b[0] === 0) throw new DataFormatError(`${name}: not an image`);
  const [width, height, channels] = [1 + (b[0] % 4), 1 + (b[1] % 4), b[2] % 2 ? 3 : 1];
  return { width, height, channels, pixels: new Uint8Array(width * height * channels).fill(b[0]) };
}

const segment = fc.constantFrom('shirt', 'shoe', '.hidden', '__MACOSX', 'a b', 'é', '');
const file = fc.record({
  dirs: fc.array(segment, { maxLength: 3 }),
  name: fc.constantFrom('a.png', 'b.jpg', 'c.txt', 'classes.txt', 'labels.txt', '.png', 'd.PNG'),
  bytes: fc.uint8Array({ maxLength: 6 }),
});

describe('image folders', () => {
  it('any tree of paths and image bytes: consistent images with labels below the class count, or a named refusal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(file, { minLength: 1, maxLength: 8 }), async (files) => {
        const dataset = files.map((f) => ({
          path: ['set', ...f.dirs, f.name].join('/'),
          bytes: (f.name.endsWith('.txt') ? new TextEncoder().encode('shirt\nshoe') : f.bytes).slice().buffer,
        }));
        try {
          const { images } = await openDataset(dataset, { decode });
          const per = images.rows * images.cols * (images.channels ?? 1);
          expect(images.pixels.length).toBe(images.n * per);
          expect(images.labels.length).toBe(images.n);
          if (images.labelled !== false) for (const l of images.labels) expect(l).toBeLessThan(images.numClasses);
        } catch (err) {
          // the set's name: the dropped folder, or the one file's name
          expectCleanRefusal(err, [DataFormatError], dataset.length > 1 ? 'set' : files[0].name);
        }
      }),
      fuzzParams(300),
    );
  });
});

describe('PNG decoder', () => {
  const png = encodePng(
    new Uint8Array(4 * 3 * 3).map((_, i) => i * 7),
    4,
    3,
    3,
  );
  it('a PNG with bytes changed or cut decodes to width × height × channels pixels or is refused by name', () => {
    const changed = fc
      .record({
        flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        cut: fc.option(fc.nat(), { freq: 3 }),
      })
      .map(({ flips, cut }) => {
        const out = png.slice(0, cut === null ? png.length : cut % png.length);
        for (const [at, v] of flips) if (out.length) out[at % out.length] = v;
        return out;
      });
    fc.assert(
      fc.property(changed, (bytes) => {
        try {
          const img = decodePng(bytes, 'p.png');
          expect(img.pixels.length).toBe(img.width * img.height * img.channels);
        } catch (err) {
          expectCleanRefusal(err, [DataFormatError], 'p.png');
        }
      }),
      fuzzParams(300),
    );
  });
});

it('a truncated chunk whose type holds a line break is named on one line', () => {
  const bytes = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 49, 138, 68, 65, 10, 120, 156]);
  expect(() => decodePng(bytes, 'p.png')).toThrow(/^p\.png: truncated "\u008aDA\\n" chunk$/);
});
