// runtime: node
import type ExcelJS from 'exceljs';

/** The first row of a sheet as its header: bold, and frozen so it stays on screen while scrolling. */
export function styleHeader(sheet: ExcelJS.Worksheet): void {
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}
