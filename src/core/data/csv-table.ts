// CSV tabular data for MLPs: a header row, numeric feature columns and one label column (picked,
// else a column named label/class/target/y, else the last). Each row is a 1×d "image" of floats.
import Papa from 'papaparse';
import { oneLine } from '../one-line';
import { DataFormatError } from './idx';
import type { LabelledImages } from '../types';

export interface CsvOptions {
  /** the label column (name) */
  label?: string;
  /** the feature columns (names; default every other column) */
  features?: string[];
}

/** A cell or column name as a message shows it: quoted, on one line, at most 40 characters. */
const shown = (text: string) => `"${oneLine(text)}"`;

const LABEL_NAMES = ['label', 'labels', 'class', 'target', 'y'];

export function readCsvTable(bytes: ArrayBuffer, name: string, opts: CsvOptions = {}): LabelledImages {
  const text = new TextDecoder().decode(bytes);
  const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true });
  if (parsed.errors.length)
    throw new DataFormatError(`${name}: row ${(parsed.errors[0].row ?? 0) + 1}: ${parsed.errors[0].message}`);
  const [header, ...rows] = parsed.data;
  if (!header || rows.length === 0) throw new DataFormatError(`${name}: needs a header row and at least one data row`);
  const col = (c: string) => {
    const i = header.indexOf(c);
    if (i < 0)
      throw new DataFormatError(`${name}: no column ${shown(c)}; the columns are ${header.map(shown).join(', ')}`);
    return i;
  };
  const labelCol =
    opts.label !== undefined
      ? col(opts.label)
      : Math.max(
            header.findIndex((h) => LABEL_NAMES.includes(h.trim().toLowerCase())),
            -1,
          ) >= 0
        ? header.findIndex((h) => LABEL_NAMES.includes(h.trim().toLowerCase()))
        : header.length - 1;
  const featureCols = opts.features ? opts.features.map(col) : header.map((_, i) => i).filter((i) => i !== labelCol);
  if (featureCols.length === 0) throw new DataFormatError(`${name}: no feature columns besides the label column`);
  const d = featureCols.length;
  const values = new Float32Array(rows.length * d);
  const raw: string[] = [];
  rows.forEach((row, r) => {
    featureCols.forEach((c, j) => {
      const cell = (row[c] ?? '').trim();
      const v = Number(cell);
      if (cell === '' || !Number.isFinite(v))
        throw new DataFormatError(
          `${name}: row ${r + 2}, column ${shown(header[c])}: ${cell === '' ? 'missing value' : `${shown(cell)} is not a number`}`,
        );
      values[r * d + j] = v;
    });
    const label = (row[labelCol] ?? '').trim();
    if (label === '')
      throw new DataFormatError(`${name}: row ${r + 2}, column ${shown(header[labelCol])}: missing label`);
    raw.push(label);
  });
  const numeric = raw.every((l) => /^\d+$/.test(l));
  const classNames = numeric ? undefined : [...new Set(raw)].sort();
  if (classNames && classNames.length > 256)
    throw new DataFormatError(`${name}: ${classNames.length} distinct labels; at most 256 classes are supported`);
  const labels = Uint8Array.from(raw, (l) => (numeric ? Number(l) : (classNames as string[]).indexOf(l)));
  const over = raw.findIndex((l) => numeric && Number(l) > 255);
  if (over >= 0) throw new DataFormatError(`${name}: row ${over + 2}: label ${raw[over]} is over 255`);
  const numClasses = classNames?.length ?? labels.reduce((m, l) => Math.max(m, l), 0) + 1;
  return {
    pixels: new Uint8Array(0),
    values,
    labels,
    n: rows.length,
    rows: 1,
    cols: d,
    channels: 1,
    numClasses,
    classNames,
    labelled: true,
  };
}
