// A stand-in for office.js in headless Chromium (PLATFORM.md: the real one resolves onReady with
// host null outside Office). It keeps an in-memory workbook and a custom-functions registry, and
// counts context.sync() calls and what each one wrote, so tests and the benchmark can look inside.
// Semantics follow Excel where the add-in depends on them: a values array must match its range
// exactly, table names are unique, settings persist only through saveAsync.
(() => {
  const config = Object.assign(
    { partitionKey: "stand-in-partition", workbookName: "Budget.xlsx", runtimeStorage: true },
    window.__standInConfig || {},
  );

  const state = {
    sheets: new Map(),
    tables: new Map(),
    settings: {},
    savedSettings: {},
    syncs: 0,
    syncLog: [],
    pending: { cells: 0, formats: 0, suspended: false },
    functions: new Map(),
    runtimeStorage: new Map(),
  };

  function columnIndex(letters) {
    let n = 0;
    for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n - 1;
  }
  function columnLetters(index) {
    let n = index + 1,
      s = "";
    while (n > 0) {
      const r = (n - 1) % 26;
      s = String.fromCharCode(65 + r) + s;
      n = Math.floor((n - 1) / 26);
    }
    return s;
  }
  function parseAddress(address) {
    let sheetName = null,
      rest = address;
    const bang = address.lastIndexOf("!");
    if (bang >= 0) {
      sheetName = address
        .slice(0, bang)
        .replace(/^'(.*)'$/, "$1")
        .replace(/''/g, "'");
      rest = address.slice(bang + 1);
    }
    const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(rest);
    if (!m) throw invalid(`Bad address ${address}`);
    const c0 = columnIndex(m[1]),
      r0 = Number(m[2]);
    const c1 = m[3] ? columnIndex(m[3]) : c0,
      r1 = m[4] ? Number(m[4]) : r0;
    return { sheetName, r0, c0, r1, c1 };
  }
  function invalid(message) {
    const e = new Error(message);
    e.code = "InvalidArgument";
    return e;
  }

  function makeSheet(name) {
    const sheet = { name, cells: new Map(), formats: new Map(), bold: new Set() };
    state.sheets.set(name, sheet);
    return sheet;
  }

  function rangeApi(sheet, a) {
    const rows = a.r1 - a.r0 + 1,
      cols = a.c1 - a.c0 + 1;
    const address = `${sheet.name}!${columnLetters(a.c0)}${a.r0}:${columnLetters(a.c1)}${a.r1}`;
    const checkShape = (v, what) => {
      if (!Array.isArray(v) || v.length !== rows || v.some((row) => !Array.isArray(row) || row.length !== cols)) {
        throw invalid(`${what} for ${address} must be ${rows}x${cols}`);
      }
    };
    const api = {
      address,
      isNullObject: false,
      load() {
        return api;
      },
      get values() {
        const out = [];
        for (let r = a.r0; r <= a.r1; r++) {
          const row = [];
          for (let c = a.c0; c <= a.c1; c++) row.push(sheet.cells.has(`${r}:${c}`) ? sheet.cells.get(`${r}:${c}`) : "");
          out.push(row);
        }
        return out;
      },
      set values(v) {
        checkShape(v, "values");
        for (let i = 0; i < rows; i++)
          for (let j = 0; j < cols; j++) {
            const value = v[i][j];
            const key = `${a.r0 + i}:${a.c0 + j}`;
            if (value === "" || value === null) sheet.cells.delete(key);
            else sheet.cells.set(key, value);
          }
        state.pending.cells += rows * cols;
        state.pending.valuesWhileSuspended = state.pending.suspended;
      },
      set numberFormat(v) {
        checkShape(v, "numberFormat");
        for (let i = 0; i < rows; i++)
          for (let j = 0; j < cols; j++) sheet.formats.set(`${a.r0 + i}:${a.c0 + j}`, v[i][j]);
        state.pending.formats += rows * cols;
      },
      get numberFormat() {
        const out = [];
        for (let r = a.r0; r <= a.r1; r++) {
          const row = [];
          for (let c = a.c0; c <= a.c1; c++) row.push(sheet.formats.get(`${r}:${c}`) || "General");
          out.push(row);
        }
        return out;
      },
      format: {
        font: {
          set bold(b) {
            for (let c = a.c0; c <= a.c1; c++)
              for (let r = a.r0; r <= a.r1; r++) b ? sheet.bold.add(`${r}:${c}`) : sheet.bold.delete(`${r}:${c}`);
          },
        },
        fill: {},
        autofitColumns() {},
      },
      clear() {
        for (let r = a.r0; r <= a.r1; r++)
          for (let c = a.c0; c <= a.c1; c++) {
            sheet.cells.delete(`${r}:${c}`);
            sheet.formats.delete(`${r}:${c}`);
            sheet.bold.delete(`${r}:${c}`);
          }
      },
    };
    return api;
  }

  function tableApi(table) {
    const sheet = () => state.sheets.get(table.sheet);
    const api = {
      isNullObject: false,
      get name() {
        return table.name;
      },
      set name(n) {
        if (state.tables.has(n) && state.tables.get(n) !== table) throw invalid(`A table named ${n} exists`);
        state.tables.delete(table.name);
        table.name = n;
        state.tables.set(n, table);
      },
      get style() {
        return table.style;
      },
      set style(s) {
        table.style = s;
      },
      load() {
        return api;
      },
      getRange() {
        return rangeApi(sheet(), table.a);
      },
      getHeaderRowRange() {
        return rangeApi(sheet(), { ...table.a, r1: table.a.r0 });
      },
      getDataBodyRange() {
        return rangeApi(sheet(), { ...table.a, r0: table.a.r0 + 1 });
      },
      delete() {
        // Excel removes the table object; the add-in clears the cells itself.
        state.tables.delete(table.name);
      },
    };
    return api;
  }

  let tableCounter = 0;
  function worksheetApi(sheet) {
    return {
      isNullObject: false,
      name: sheet.name,
      load() {
        return this;
      },
      getRange(address) {
        return rangeApi(sheet, parseAddress(address));
      },
      tables: {
        add(address, hasHeaders) {
          const a = parseAddress(address);
          if (!hasHeaders) throw invalid("stand-in supports header tables only");
          const target = a.sheetName ? state.sheets.get(a.sheetName) : sheet;
          if (!target) throw invalid(`No sheet ${a.sheetName}`);
          for (const t of state.tables.values()) {
            if (t.sheet === target.name && !(a.r1 < t.a.r0 || a.r0 > t.a.r1 || a.c1 < t.a.c0 || a.c0 > t.a.c1))
              throw invalid("Tables cannot overlap");
          }
          const table = { name: `Table${++tableCounter}`, sheet: target.name, a, style: "TableStyleMedium2" };
          state.tables.set(table.name, table);
          return tableApi(table);
        },
      },
    };
  }

  const nullObject = {
    isNullObject: true,
    load() {
      return this;
    },
  };

  function makeContext() {
    const workbook = {
      get name() {
        return config.workbookName;
      },
      load() {
        return workbook;
      },
      application: {
        suspendApiCalculationUntilNextSync() {
          state.pending.suspended = true;
        },
      },
      worksheets: {
        getItemOrNullObject(name) {
          const s = state.sheets.get(name);
          return s ? worksheetApi(s) : nullObject;
        },
        getItem(name) {
          const s = state.sheets.get(name);
          if (!s) throw invalid(`No sheet ${name}`);
          return worksheetApi(s);
        },
        add(name) {
          if (state.sheets.has(name)) throw invalid(`Sheet ${name} exists`);
          return worksheetApi(makeSheet(name));
        },
        getActiveWorksheet() {
          return worksheetApi(state.sheets.get("Sheet1"));
        },
      },
      tables: {
        getItemOrNullObject(name) {
          const t = state.tables.get(name);
          return t ? tableApi(t) : nullObject;
        },
      },
    };
    return {
      workbook,
      async sync() {
        state.syncs += 1;
        state.syncLog.push({
          cells: state.pending.cells,
          formats: state.pending.formats,
          suspended: state.pending.suspended,
        });
        state.pending = { cells: 0, formats: 0, suspended: false };
        await new Promise((resolve) => setTimeout(resolve, 0));
      },
    };
  }

  makeSheet("Sheet1");

  const settings = {
    get(name) {
      return Object.hasOwn(state.settings, name) ? JSON.parse(JSON.stringify(state.settings[name])) : null;
    },
    set(name, value) {
      state.settings[name] = JSON.parse(JSON.stringify(value));
    },
    remove(name) {
      delete state.settings[name];
    },
    saveAsync(callback) {
      state.savedSettings = JSON.parse(JSON.stringify(state.settings));
      setTimeout(() => callback && callback({ status: "succeeded" }), 0);
    },
  };

  window.Office = {
    HostType: { Excel: "Excel" },
    PlatformType: { PC: "PC" },
    context: {
      partitionKey: config.partitionKey || undefined,
      document: { settings, url: config.workbookName },
      requirements: { isSetSupported: () => true },
    },
    onReady(callback) {
      const info = { host: "Excel", platform: "PC" };
      return new Promise((resolve) =>
        setTimeout(() => {
          if (callback) callback(info);
          resolve(info);
        }, 0),
      );
    },
  };
  window.Excel = { run: async (batch) => batch(makeContext()) };
  window.OfficeRuntime = config.runtimeStorage
    ? {
        storage: {
          async getItem(k) {
            return state.runtimeStorage.has(k) ? state.runtimeStorage.get(k) : null;
          },
          async setItem(k, v) {
            state.runtimeStorage.set(k, String(v));
          },
          async removeItem(k) {
            state.runtimeStorage.delete(k);
          },
        },
      }
    : undefined;
  class CustomFunctionsError extends Error {
    constructor(code, message) {
      super(message);
      this.code = code;
    }
  }
  window.CustomFunctions = {
    ErrorCode: {
      invalidValue: "#VALUE!",
      notAvailable: "#N/A",
      divisionByZero: "#DIV/0!",
      invalidNumber: "#NUM!",
      nullReference: "#NULL!",
      invalidName: "#NAME?",
      invalidReference: "#REF!",
    },
    Error: CustomFunctionsError,
    associate(id, fn) {
      state.functions.set(id, fn);
    },
  };

  // What tests and the benchmark read.
  window.__officeStandIn = {
    /** Calls a registered custom function like Excel would: its value, or its in-cell error. */
    async invoke(id, ...args) {
      const fn = state.functions.get(id);
      if (!fn) return { error: { code: "#NAME?", message: `No function ${id}` } };
      try {
        return { value: await fn(...args) };
      } catch (e) {
        return { error: { code: e.code || "#VALUE!", message: e.message, standIn: e instanceof CustomFunctionsError } };
      }
    },
    functionIds() {
      return [...state.functions.keys()];
    },
    tables() {
      return [...state.tables.values()].map((t) => ({
        name: t.name,
        sheet: t.sheet,
        style: t.style,
        address: `${t.sheet}!${columnLetters(t.a.c0)}${t.a.r0}:${columnLetters(t.a.c1)}${t.a.r1}`,
        rows: t.a.r1 - t.a.r0,
        columns: t.a.c1 - t.a.c0 + 1,
      }));
    },
    /** Rows of a table (header first), at most `limit` of them. */
    tableValues(name, limit) {
      const t = state.tables.get(name);
      if (!t) return null;
      const sheet = state.sheets.get(t.sheet);
      const last = Math.min(t.a.r1, t.a.r0 + (limit || 1e9));
      return rangeApi(sheet, { ...t.a, r1: last }).values;
    },
    headerBold(name) {
      const t = state.tables.get(name);
      return Boolean(t) && state.sheets.get(t.sheet).bold.has(`${t.a.r0}:${t.a.c0}`);
    },
    numberFormatAt(sheetName, address) {
      return rangeApi(state.sheets.get(sheetName), parseAddress(address)).numberFormat[0][0];
    },
    cellCount() {
      let n = 0;
      for (const s of state.sheets.values()) n += s.cells.size;
      return n;
    },
    syncs() {
      return state.syncs;
    },
    syncLog() {
      return state.syncLog.slice();
    },
    settings() {
      return JSON.parse(JSON.stringify(state.savedSettings));
    },
    /** Whether `needle` appears in any cell, any setting (saved or not), or the sheet names. */
    workbookContains(needle) {
      for (const s of state.sheets.values()) {
        if (s.name.includes(needle)) return true;
        for (const v of s.cells.values()) if (String(v).includes(needle)) return true;
      }
      return JSON.stringify(state.settings).includes(needle) || JSON.stringify(state.savedSettings).includes(needle);
    },
    runtimeStorageKeys() {
      return [...state.runtimeStorage.keys()];
    },
  };
})();
