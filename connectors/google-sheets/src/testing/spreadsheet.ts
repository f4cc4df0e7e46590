import type {
  DeveloperMetadata,
  Menu,
  Range,
  Sheet,
  Spreadsheet,
  SpreadsheetApp,
  Ui,
} from "../apps-script/services.js";
import type { HtmlOutput } from "../apps-script/services.js";
import { HOST_LIMITS } from "./host-limits.js";

/** Sheets' own words when a change would pass the 10-million-cell limit of a spreadsheet. */
export const CELL_LIMIT_MESSAGE = `This action would increase the number of cells in the workbook above the limit of ${HOST_LIMITS.spreadsheetCells} cells.`;

export interface SheetsStats {
  setValuesCalls: number;
  cellsWritten: number;
  formatCalls: number;
  /** Called before each setValues with its cell count (the bench charges its modelled cost). */
  beforeSetValues?: (cells: number) => void;
}

function columnIndex(letters: string): number {
  return [...letters.toUpperCase()].reduce((n, ch) => n * 26 + (ch.charCodeAt(0) - 64), 0);
}

function columnLetters(column: number): string {
  let s = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function isCellValue(v: unknown): boolean {
  return (
    typeof v === "string" ||
    typeof v === "number" ||
    typeof v === "boolean" ||
    Object.prototype.toString.call(v) === "[object Date]"
  );
}

export class FakeRange implements Range {
  constructor(
    readonly sheet: FakeSheet,
    readonly row: number,
    readonly column: number,
    readonly numRows: number,
    readonly numColumns: number,
  ) {}
  setValues(values: unknown[][]): FakeRange {
    this.sheet.stats.beforeSetValues?.(this.numRows * this.numColumns);
    if (values.length !== this.numRows)
      throw new Error(
        `The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${this.numRows}.`,
      );
    values.forEach((row, i) => {
      if (row.length !== this.numColumns)
        throw new Error(
          `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${this.numColumns}.`,
        );
      row.forEach((v, j) => {
        if (!isCellValue(v)) throw new Error(`Unsupported cell value at ${i},${j}: ${String(v)}`);
        this.sheet.write(this.row + i, this.column + j, v);
      });
    });
    this.sheet.stats.setValuesCalls += 1;
    this.sheet.stats.cellsWritten += this.numRows * this.numColumns;
    return this;
  }
  getValues(): unknown[][] {
    return Array.from({ length: this.numRows }, (_, i) =>
      Array.from({ length: this.numColumns }, (_, j) => this.sheet.read(this.row + i, this.column + j)),
    );
  }
  clearContent(): FakeRange {
    for (let i = 0; i < this.numRows; i += 1)
      for (let j = 0; j < this.numColumns; j += 1) this.sheet.write(this.row + i, this.column + j, "");
    return this;
  }
  setNumberFormat(numberFormat: string): FakeRange {
    this.sheet.stats.formatCalls += 1;
    this.sheet.formats.set(this.getA1Notation(), numberFormat);
    return this;
  }
  setFontWeight(fontWeight: "bold" | "normal" | null): FakeRange {
    this.sheet.styles.set(`${this.getA1Notation()}:weight`, String(fontWeight));
    return this;
  }
  setBackground(color: string | null): FakeRange {
    this.sheet.styles.set(`${this.getA1Notation()}:background`, String(color));
    return this;
  }
  setFontColor(color: string | null): FakeRange {
    this.sheet.styles.set(`${this.getA1Notation()}:color`, String(color));
    return this;
  }
  getRow(): number {
    return this.row;
  }
  getColumn(): number {
    return this.column;
  }
  getSheet(): FakeSheet {
    return this.sheet;
  }
  getA1Notation(): string {
    const start = `${columnLetters(this.column)}${this.row}`;
    return this.numRows === 1 && this.numColumns === 1
      ? start
      : `${start}:${columnLetters(this.column + this.numColumns - 1)}${this.row + this.numRows - 1}`;
  }
}

export class FakeSheet implements Sheet {
  readonly cells: unknown[][] = [];
  readonly formats = new Map<string, string>();
  readonly styles = new Map<string, string>();
  frozenRows = 0;
  constructor(
    public name: string,
    readonly stats: SheetsStats,
    public maxRows = 1000,
    public maxColumns = 26,
    /** Refuses a grid that would take the spreadsheet past its cell limit. */
    private readonly checkGrowth: (extraCells: number) => void = () => undefined,
  ) {}
  /** Cells this sheet's grid takes, empty or not: what Sheets counts against the limit. */
  gridCells(): number {
    return this.maxRows * this.maxColumns;
  }
  write(row: number, column: number, value: unknown): void {
    let r = this.cells[row - 1];
    if (!r) {
      r = [];
      this.cells[row - 1] = r;
    }
    r[column - 1] = value;
  }
  read(row: number, column: number): unknown {
    return this.cells[row - 1]?.[column - 1] ?? "";
  }
  /** The written block from A1 (or a given corner) as plain values, for assertions. */
  values(row = 1, column = 1, numRows = this.getLastRow() - row + 1, numColumns = this.maxColumns): unknown[][] {
    return new FakeRange(this, row, column, Math.max(0, numRows), numColumns).getValues();
  }
  getName(): string {
    return this.name;
  }
  getRange(row: number, column: number, numRows: number, numColumns: number): FakeRange;
  getRange(a1Notation: string): FakeRange;
  getRange(a: number | string, column?: number, numRows?: number, numColumns?: number): FakeRange {
    if (typeof a === "string") {
      const m = /^([A-Z]+)(\d+)$/i.exec(a.trim());
      if (!m) throw new Error(`Range not found: ${a}`);
      return this.getRange(Number(m[2]), columnIndex(m[1] ?? "A"), 1, 1);
    }
    const rows = numRows ?? 1;
    const cols = numColumns ?? 1;
    if (a < 1 || (column ?? 0) < 1 || rows < 1 || cols < 1)
      throw new Error("The starting row and column of the range must be at least 1, and the size at least 1.");
    if (a + rows - 1 > this.maxRows || (column ?? 1) + cols - 1 > this.maxColumns) {
      throw new Error("The coordinates of the range are outside the dimensions of the sheet.");
    }
    return new FakeRange(this, a, column ?? 1, rows, cols);
  }
  getMaxRows(): number {
    return this.maxRows;
  }
  getMaxColumns(): number {
    return this.maxColumns;
  }
  getLastRow(): number {
    for (let i = this.cells.length; i > 0; i -= 1)
      if (this.cells[i - 1]?.some((v) => v !== "" && v !== undefined)) return i;
    return 0;
  }
  insertRowsAfter(_afterPosition: number, howMany: number): FakeSheet {
    this.checkGrowth(howMany * this.maxColumns);
    this.maxRows += howMany;
    return this;
  }
  insertColumnsAfter(_afterPosition: number, howMany: number): FakeSheet {
    this.checkGrowth(howMany * this.maxRows);
    this.maxColumns += howMany;
    return this;
  }
  deleteRows(rowPosition: number, howMany: number): void {
    if (rowPosition < 1 || howMany < 1 || rowPosition + howMany - 1 > this.maxRows)
      throw new Error("Those rows are out of bounds.");
    if (howMany >= this.maxRows - this.frozenRows) throw new Error("You can't delete all the rows on the sheet.");
    this.cells.splice(rowPosition - 1, howMany);
    this.maxRows -= howMany;
  }
  deleteColumns(columnPosition: number, howMany: number): void {
    if (columnPosition < 1 || howMany < 1 || columnPosition + howMany - 1 > this.maxColumns)
      throw new Error("Those columns are out of bounds.");
    if (howMany >= this.maxColumns) throw new Error("You can't delete all the columns on the sheet.");
    for (const row of this.cells) row?.splice(columnPosition - 1, howMany);
    this.maxColumns -= howMany;
  }
  setFrozenRows(rows: number): void {
    if (rows >= this.maxRows) throw new Error("You can't freeze all visible rows on the sheet.");
    this.frozenRows = rows;
  }
  appendRow(rowContents: unknown[]): FakeSheet {
    const row = this.getLastRow() + 1;
    if (row > this.maxRows) {
      this.checkGrowth(this.maxColumns);
      this.maxRows = row;
    }
    rowContents.forEach((v, j) => {
      this.write(row, j + 1, v);
    });
    return this;
  }
  activate(): FakeSheet {
    return this;
  }
}

/** Spreadsheet-level developer metadata; Sheets caps a spreadsheet's total at 30,000 characters. */
export class FakeDeveloperMetadata implements DeveloperMetadata {
  constructor(
    private readonly owner: FakeSpreadsheet,
    private readonly key: string,
    private value: string,
  ) {}
  getKey(): string {
    return this.key;
  }
  getValue(): string | null {
    return this.value;
  }
  setValue(value: string): FakeDeveloperMetadata {
    this.value = value;
    this.owner.checkMetadataSize();
    return this;
  }
  remove(): void {
    this.owner.metadata.splice(this.owner.metadata.indexOf(this), 1);
  }
}

export class FakeSpreadsheet implements Spreadsheet {
  readonly metadata: FakeDeveloperMetadata[] = [];
  metadataCalls = 0;
  readonly sheets = new Map<string, FakeSheet>();
  readonly toasts: string[] = [];
  readonly stats: SheetsStats = { setValuesCalls: 0, cellsWritten: 0, formatCalls: 0 };
  activeSheetName: string;
  activeRange: { sheet: string; a1: string } | null = null;
  constructor(
    readonly id = "ss_budget_1",
    public name = "Budget 2026",
  ) {
    this.activeSheetName = "Sheet1";
    this.insertSheet("Sheet1");
  }
  getId(): string {
    return this.id;
  }
  getDeveloperMetadata(): FakeDeveloperMetadata[] {
    this.metadataCalls += 1;
    return [...this.metadata];
  }
  addDeveloperMetadata(key: string, value: string): FakeSpreadsheet {
    this.metadata.push(new FakeDeveloperMetadata(this, key, value));
    this.checkMetadataSize();
    return this;
  }
  checkMetadataSize(): void {
    const size = this.metadata.reduce((n, m) => n + m.getKey().length + (m.getValue() ?? "").length, 0);
    if (size > 30_000) throw new Error("Exceeded maximum developer metadata size for the spreadsheet.");
  }
  /** The add-on's document store as plain data, for assertions. */
  stored(): Record<string, string> {
    return Object.fromEntries(this.metadata.map((m) => [m.getKey(), m.getValue() ?? ""]));
  }
  getName(): string {
    return this.name;
  }
  getSheetByName(name: string): FakeSheet | null {
    return this.sheets.get(name) ?? null;
  }
  getSheets(): FakeSheet[] {
    return [...this.sheets.values()];
  }
  /** Cells of every sheet's grid, empty ones included: what Sheets counts against 10 million. */
  gridCells(): number {
    return this.getSheets().reduce((n, sheet) => n + sheet.gridCells(), 0);
  }
  private checkGrowth = (extraCells: number): void => {
    if (this.gridCells() + extraCells > HOST_LIMITS.spreadsheetCells) throw new Error(CELL_LIMIT_MESSAGE);
  };
  insertSheet(sheetName: string): FakeSheet {
    if (this.sheets.has(sheetName)) throw new Error(`A sheet with the name "${sheetName}" already exists.`);
    // A new sheet has 1,000 rows × 26 columns, and they count at once.
    this.checkGrowth(1000 * 26);
    const sheet = new FakeSheet(sheetName, this.stats, 1000, 26, this.checkGrowth);
    this.sheets.set(sheetName, sheet);
    return sheet;
  }
  getActiveSheet(): FakeSheet {
    return this.sheets.get(this.activeSheetName) ?? [...this.sheets.values()][0]!;
  }
  getActiveRange(): FakeRange | null {
    if (!this.activeRange) return null;
    return this.getSheetByName(this.activeRange.sheet)?.getRange(this.activeRange.a1) ?? null;
  }
  getSpreadsheetTimeZone(): string {
    return "Etc/UTC";
  }
  toast(msg: string, _title: string, _timeoutSeconds: number): void {
    this.toasts.push(msg);
  }
}

export class FakeMenu implements Menu {
  readonly items: Array<{ caption: string; functionName: string } | "separator"> = [];
  constructor(private readonly ui: FakeUi) {}
  addItem(caption: string, functionName: string): FakeMenu {
    this.items.push({ caption, functionName });
    return this;
  }
  addSeparator(): FakeMenu {
    this.items.push("separator");
    return this;
  }
  addToUi(): void {
    this.ui.menus.push(this);
  }
}

export class FakeHtmlOutput implements HtmlOutput {
  title = "";
  constructor(readonly file: string) {}
  setTitle(title: string): FakeHtmlOutput {
    this.title = title;
    return this;
  }
}

export class FakeUi implements Ui {
  readonly menus: FakeMenu[] = [];
  readonly sidebars: FakeHtmlOutput[] = [];
  createAddonMenu(): FakeMenu {
    return new FakeMenu(this);
  }
  showSidebar(userInterface: HtmlOutput): void {
    this.sidebars.push(userInterface as FakeHtmlOutput);
  }
}

export class FakeSpreadsheetApp implements SpreadsheetApp {
  readonly ui = new FakeUi();
  /** null plays a time-driven run, where no document is active. */
  active: FakeSpreadsheet | null;
  constructor(readonly spreadsheet = new FakeSpreadsheet()) {
    this.active = spreadsheet;
  }
  getActive(): FakeSpreadsheet | null {
    return this.active;
  }
  openById(id: string): FakeSpreadsheet {
    if (id !== this.spreadsheet.id) throw new Error(`No item with the given ID could be found: ${id}`);
    return this.spreadsheet;
  }
  getUi(): FakeUi {
    return this.ui;
  }
}
