export interface StandInRequest {
  bytes: number;
  actions: number;
  cells: number;
  formats: number;
  suspended: boolean;
  error: string | null;
}
export interface OfficeStandIn {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  Office: typeof Office;
  standIn: {
    tables(): { name: string; sheet: string; style: string; address: string; rows: number; columns: number }[];
    sheetNames(): string[];
    tableValues(name: string, limit?: number): unknown[][] | null;
    headerBold(name: string): boolean;
    numberFormatAt(sheet: string, address: string): string;
    cellCount(): number;
    requests(): StandInRequest[];
    largestRequestBytes(): number;
    settings(): Record<string, unknown>;
  };
}
export function loadOfficeStandIn(config?: {
  requestLimitBytes?: number;
  syncDelayMs?: number;
  settingsSaveFails?: boolean;
  workbookName?: string;
}): OfficeStandIn;
