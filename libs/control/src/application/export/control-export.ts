import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import type { Locale } from '@kelisim/kernel';
import type { ControlSummaryView } from '../control.views.js';
import { ControlQueries, type OverdueRow } from '../queries/control.queries.js';
import type { ControlPeriod } from '../queries/control-period.js';
import { label, OVERDUE_COLUMNS, SUMMARY_COLUMNS } from './export-labels.js';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The overdue sheet stops here; the summary always has every organization. */
export const EXPORT_OVERDUE_LIMIT = 50_000;

export interface ExportFile {
  body: Buffer;
  contentType: string;
  filename: string;
}

type Cell = string | number | null;

/** The summary and the overdue list as a spreadsheet (two sheets) or a CSV (two sections). */
@Injectable()
export class ControlExporter {
  constructor(private readonly queries: ControlQueries) {}

  async export(format: ExportFormat, locale: Locale, period: ControlPeriod, organizationId?: string): Promise<ExportFile> {
    const summary = await this.queries.summary(period, organizationId);
    const overdue = await this.queries.overdueRows({ organizationId, sort: 'daysOverdue', order: 'desc', limit: EXPORT_OVERDUE_LIMIT });
    const summaryRows = [SUMMARY_COLUMNS.map((key) => label(key, locale)), ...summaryLines(summary, locale)];
    const overdueRows = [OVERDUE_COLUMNS.map((key) => label(key, locale)), ...overdue.items.map(overdueLine)];
    const stamp = summary.generatedAt.slice(0, 10);
    if (format === 'csv') {
      const sections = [[[label('summarySheet', locale)], ...summaryRows], [[label('overdueSheet', locale)], ...overdueRows]];
      // A BOM makes spreadsheet programs read UTF-8 (Kazakh and Russian letters) correctly.
      const text = '\uFEFF' + sections.map((rows) => rows.map(csvLine).join('\r\n')).join('\r\n\r\n') + '\r\n';
      return { body: Buffer.from(text, 'utf8'), contentType: 'text/csv; charset=utf-8', filename: `kelisim-control-${stamp}.csv` };
    }
    const book = new ExcelJS.Workbook();
    book.created = new Date(summary.generatedAt);
    addSheet(book, label('summarySheet', locale), summaryRows);
    addSheet(book, label('overdueSheet', locale), overdueRows);
    return {
      body: Buffer.from(await book.xlsx.writeBuffer()),
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      filename: `kelisim-control-${stamp}.xlsx`,
    };
  }
}

function summaryLines(summary: ControlSummaryView, locale: Locale): Cell[][] {
  const line = (name: string, s: ControlSummaryView['totals']): Cell[] => [
    name,
    s.total,
    s.done,
    s.doneOnTime,
    s.overdue,
    s.dueSoon,
    s.cancelled,
    s.extensions,
    s.discipline,
  ];
  return [...summary.items.map((item) => line(item.organizationName, item)), line(label('allOrganizations', locale), summary.totals)];
}

function overdueLine(row: OverdueRow): Cell[] {
  const due = DateTime.fromJSDate(new Date(row.dueAt), { zone: row.timezone }).toFormat('yyyy-MM-dd HH:mm ZZ');
  return [row.id, row.title, row.executorName, row.organizationName, due, row.daysOverdue];
}

function addSheet(book: ExcelJS.Workbook, name: string, rows: Cell[][]): void {
  const sheet = book.addWorksheet(name);
  sheet.addRows(rows);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.columns.forEach((column, i) => {
    column.width = Math.min(60, rows.reduce((width, row) => Math.max(width, String(row[i] ?? '').length + 2), 10));
  });
}

function csvLine(cells: Cell[]): string {
  return cells
    .map((cell) => {
      // A text starting like a formula is written as text: titles are typed by users.
      const text = cell === null ? '' : typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : String(cell);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
}
