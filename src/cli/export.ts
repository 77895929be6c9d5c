// prunelab export: the model as files of a format, where the conversion is exact. A model's own
// format is exact (the weights it holds, pruned zeros included; an ONNX model's external data
// written inside the one .onnx). Across formats nothing here is exact, so it is refused with the
// tool that converts; masks (1 = kept) come from the zeros of every prunable tensor.
import path from 'node:path';
import type { LabService } from '../core/lab/lab-service';
import type { NamedBytes } from '../core/types';
import { parseChoice, parseOptions, requireString } from './args';
import { useCliBackend } from './backend';
import { CliError } from './errors';
import { openCliLab, writeCliFiles } from './io';
import type { CliOutput } from './output';
import { masksFromZeros } from '../core/report/masks-json';

export const EXPORT_FORMATS = ['onnx', 'tfjs', 'masks'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Why a conversion is not offered, and what converts instead. */
function notExact(from: string, to: ExportFormat): string {
  if (to === 'tfjs')
    return (
      `an ONNX model does not become a TF.js model exactly here (NCHW to NHWC and op by op); ` +
      `convert with onnx2tf and tensorflowjs_converter, or export --format onnx or masks`
    );
  return (
    `a ${from} model does not become ONNX exactly here; convert with tf2onnx ` +
    `(python -m tf2onnx.convert --tfjs model.json, or --keras for an .h5), or export --format tfjs or masks`
  );
}

async function masksFiles(lab: LabService): Promise<NamedBytes[]> {
  const text = await masksFromZeros(lab.current().engine);
  return [{ name: 'masks.json', bytes: new TextEncoder().encode(text).buffer as ArrayBuffer }];
}

export async function exportCommand(args: string[], io: CliOutput): Promise<void> {
  const v = parseOptions('export', args, {
    model: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
  });
  const modelSpec = requireString(v, 'model', 'export');
  const outDir = requireString(v, 'out', 'export');
  if (v.format === undefined) throw new CliError(`export needs --format (${EXPORT_FORMATS.join(', ')})`, 2);
  const format = parseChoice(v.format as string, EXPORT_FORMATS, '--format', 'onnx');
  await useCliBackend(v.backend as string | undefined);
  const { lab, model } = await openCliLab(modelSpec, v, io);
  try {
    const own = model.format === 'onnx' ? 'onnx' : 'tfjs';
    if (format !== 'masks' && format !== own)
      throw new CliError(`cannot export to ${format}: ${notExact(model.format, format)}`);
    const files = format === 'masks' ? await masksFiles(lab) : await lab.exportPruned();
    writeCliFiles(files, outDir);
    io.out(`wrote ${files.map((f) => path.join(outDir, f.name)).join(', ')}`);
  } finally {
    lab.dispose();
  }
}
