import { stringify } from 'csv-stringify/sync';
import express from 'express';

/** Exports are whole lists, not pages, but still bounded. */
export const EXPORT_MAX_ROWS = 10_000;

export interface ExportColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

/**
 * Sends an audit list as a download: CSV with the given columns, or JSON with
 * the full objects. `X-Total-Count` says how many matched; `X-Export-Truncated`
 * is set when that is more than was sent.
 */
export function sendExport<T>(
  res: express.Response,
  options: {
    format: 'csv' | 'json';
    name: string;
    rows: T[];
    totalCount: number;
    columns: ExportColumn<T>[];
    json?: unknown;
  },
) {
  const { format, name, rows, totalCount, columns } = options;
  const date = new Date().toISOString().slice(0, 10);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${name}-${date}.${format}"`,
  );
  res.setHeader('X-Total-Count', String(totalCount));
  if (totalCount > rows.length) {
    res.setHeader('X-Export-Truncated', 'true');
  }
  if (format === 'json') {
    res.json(options.json ?? rows);
    return;
  }
  res.type('text/csv; charset=utf-8');
  res.send(
    stringify(
      rows.map(row => columns.map(c => c.value(row) ?? '')),
      {
        header: true,
        columns: columns.map(c => c.header),
        cast: { boolean: value => (value ? 'true' : 'false') },
        // A cell starting with = + - @ (tab or CR) is prefixed with a quote
        // so spreadsheets show it as text instead of running it as a formula.
        escape_formulas: true,
      },
    ),
  );
}
