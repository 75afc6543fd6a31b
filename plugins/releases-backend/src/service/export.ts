import { stringify } from 'csv-stringify';
import express from 'express';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { sendJsonInSlices } from './sendJson';

/** Exports are whole lists, not pages, but still bounded. */
export const EXPORT_MAX_ROWS = 10_000;

export interface ExportColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

/**
 * Sends an audit list as a download: CSV with the given columns, or JSON with
 * the full objects. `X-Total-Count` says how many matched; `X-Export-Truncated`
 * is set when that is more than was sent. CSV is streamed a hundred rows
 * at a time, so a large export never holds up other requests for long.
 */
export async function sendExport<T>(
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
    await sendJsonInSlices(res, options.json ?? rows);
    return;
  }
  res.type('text/csv; charset=utf-8');
  const csv = stringify({
    header: true,
    columns: columns.map(c => c.header),
    cast: { boolean: value => (value ? 'true' : 'false') },
    // A cell starting with = + - @ (tab or CR) is prefixed with a quote
    // so spreadsheets show it as text instead of running it as a formula.
    escape_formulas: true,
  });
  csv.pipe(res);
  for (const [index, row] of rows.entries()) {
    if (!csv.write(columns.map(c => c.value(row) ?? ''))) {
      await once(csv, 'drain');
    }
    if (index % 100 === 99) {
      await yieldToEventLoop();
    }
  }
  csv.end();
  // Answered, or the client went away: either way this request is done.
  await finished(res).catch(() => undefined);
}
