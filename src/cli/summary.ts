import { CSR_VIEW_NOTE } from '../core/cost';
import { SUMMARY_COLUMNS, SUMMARY_CONVENTION_NOTE, summaryCells, summaryToCsv } from '../core/pruning';
import { parseChoice, parseOptions, requireString } from './args';
import { useCliBackend } from './backend';
import { table } from './format';
import { openCliLab } from './io';
import type { CliOutput } from './output';

export async function summaryCommand(args: string[], io: CliOutput): Promise<void> {
  const values = parseOptions('summary', args, { model: { type: 'string' }, format: { type: 'string' } });
  const format = parseChoice(
    values.format as string | undefined,
    ['table', 'csv', 'json'] as const,
    '--format',
    'table',
  );
  await useCliBackend(values.backend as string | undefined);
  const { lab, model } = await openCliLab(requireString(values, 'model', 'summary'), values, io);
  try {
    const { rows } = lab.sparsityTable();
    const cost = await lab.cost();
    if (format === 'csv') {
      io.out(summaryToCsv(rows));
      io.err(SUMMARY_CONVENTION_NOTE);
      return;
    }
    if (format === 'json') {
      io.out(
        JSON.stringify(
          { summary: rows, cost, notes: { summary: SUMMARY_CONVENTION_NOTE, storage: CSR_VIEW_NOTE } },
          null,
          2,
        ),
      );
      return;
    }
    io.out(table([...SUMMARY_COLUMNS], rows.map(summaryCells)));
    io.out(`\n${SUMMARY_CONVENTION_NOTE}\n`);
    const costRow = (
      name: string,
      c: Omit<(typeof cost.tensors)[number], 'name' | 'layerName' | 'layerClass' | 'shape'>,
    ) => [
      name,
      c.params,
      c.nnz,
      c.macsDense,
      c.macsEffective,
      c.bytes.dense,
      c.bytes.bitmask,
      c.bytes.csr,
      c.bytes.gzip,
    ];
    io.out(
      table(
        [
          'Name',
          'Params',
          'NNZ',
          'MACs (dense)',
          'MACs (effective)',
          'Bytes f32',
          'Bytes bitmask',
          'Bytes CSR',
          'Bytes gzip',
        ],
        [...cost.tensors.map((c) => costRow(c.name, c)), costRow('Total:', cost.total)],
      ),
    );
    io.out(
      `\nMACs per example (Distiller: conv = OFM volume · C_in/groups · kh · kw, dense = numel(W)); ` +
        `effective = MACs · nnz/numel.\n${CSR_VIEW_NOTE}`,
    );
    io.out(`Model parameters (all weights, biases and BatchNorm included): ${model.params}`);
  } finally {
    lab.dispose();
  }
}
