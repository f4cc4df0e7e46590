// A stand-in for office.js (docs/hosts.md: in headless Chromium the real one resolves onReady with
// host null). It keeps an in-memory workbook and a custom-functions registry, and it holds the
// add-in to Office.js's rules, so a test fails where Excel would:
// - a proxy object's properties are readable only after load() and a context.sync();
//   isNullObject only after a sync;
// - setters and methods queue actions; context.sync() sends them as one request, applies them in
//   order and raises the first error there (as OfficeExtension.Error with a code), not at the
//   assignment; Excel.run syncs what is still queued when the batch returns;
// - a request over 5,000,000 bytes (its actions as JSON, UTF-8) is refused whole with
//   RequestPayloadSizeLimitExceeded, as Excel on the web refuses it;
// - addresses past row 1,048,576 or column XFD are InvalidArgument; a range operation on more
//   than 5,000,000 cells is RangeExceedsLimit; a values array must match its range (a format
//   may be one 1x1 array for the whole range);
// - table names are unique and tables do not overlap; settings persist only through saveAsync,
//   which can be made to fail.
// It counts every request and what it carried, for the tests and the benchmark. It runs in a
// page (window) and in Node (vm, see office-stand-in-node.mjs).
(() => {
  const root = globalThis;
  const config = Object.assign(
    {
      partitionKey: "stand-in-partition",
      workbookName: "Budget.xlsx",
      runtimeStorage: true,
      requestLimitBytes: 5_000_000,
      syncDelayMs: 0,
      settingsSaveFails: false,
    },
    root.__standInConfig || {},
  );
  const SHEET_ROWS = 1_048_576;
  const SHEET_COLUMNS = 16_384;
  const RANGE_CELL_LIMIT = 5_000_000;

  const state = {
    sheets: new Map(),
    tables: new Map(),
    settings: {},
    savedSettings: {},
    requests: [],
    functions: new Map(),
    runtimeStorage: new Map(),
  };

  class OfficeError extends Error {
    constructor(code, message, location) {
      super(message);
      this.name = "RichApi.Error";
      this.code = code;
      this.debugInfo = { code, message, errorLocation: location || "" };
    }
  }
  const ErrorCodes = {
    invalidArgument: "InvalidArgument",
    itemAlreadyExists: "ItemAlreadyExists",
    itemNotFound: "ItemNotFound",
    propertyNotLoaded: "PropertyNotLoaded",
    rangeExceedsLimit: "RangeExceedsLimit",
    requestPayloadSizeLimitExceeded: "RequestPayloadSizeLimitExceeded",
    invalidObjectPath: "InvalidObjectPath",
  };

  // ---- A1 addresses ----
  function columnIndex(letters) {
    let n = 0;
    for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n - 1;
  }
  function columnLetters(index) {
    let n = index + 1;
    let s = "";
    while (n > 0) {
      const r = (n - 1) % 26;
      s = String.fromCharCode(65 + r) + s;
      n = Math.floor((n - 1) / 26);
    }
    return s;
  }
  /** { sheetName, r0, c0, r1, c1 } or an error to raise at sync. */
  function parseAddress(address) {
    let sheetName = null;
    let rest = String(address);
    const bang = rest.lastIndexOf("!");
    if (bang >= 0) {
      sheetName = rest
        .slice(0, bang)
        .replace(/^'(.*)'$/, "$1")
        .replace(/''/g, "'");
      rest = rest.slice(bang + 1);
    }
    const m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/i.exec(rest);
    if (!m) return { error: new OfficeError(ErrorCodes.invalidArgument, `The address ${address} is not valid.`) };
    const a = {
      sheetName,
      c0: columnIndex(m[1]),
      r0: Number(m[2]),
      c1: m[3] ? columnIndex(m[3]) : columnIndex(m[1]),
      r1: m[4] ? Number(m[4]) : Number(m[2]),
    };
    if (a.r0 < 1 || a.r1 > SHEET_ROWS || a.c1 >= SHEET_COLUMNS || a.r1 < a.r0 || a.c1 < a.c0) {
      return {
        error: new OfficeError(
          ErrorCodes.invalidArgument,
          `The address ${address} is outside the worksheet (${SHEET_ROWS} rows, ${SHEET_COLUMNS} columns).`,
        ),
      };
    }
    return a;
  }
  /** A cell's key in a sheet's maps. */
  const key = (r, c) => r * SHEET_COLUMNS + c;
  const cellCount = (a) => (a.r1 - a.r0 + 1) * (a.c1 - a.c0 + 1);
  const addressText = (sheet, a) => `${sheet}!${columnLetters(a.c0)}${a.r0}:${columnLetters(a.c1)}${a.r1}`;

  // A sheet's cells and formats are layers of written blocks, newest last: a write keeps its
  // array (Office has already serialized it) instead of copying millions of cells one by one.
  const EMPTY = Symbol("empty");
  function makeSheet(name) {
    const sheet = { name, cells: new Layers(), formats: new Layers(), bold: new Set() };
    state.sheets.set(name, sheet);
    return sheet;
  }
  class Layers {
    constructor() {
      this.blocks = [];
    }
    /** `value(r, c)` answers for every cell of `a`; EMPTY clears. */
    put(a, value) {
      this.blocks.push({ r0: a.r0, c0: a.c0, r1: a.r1, c1: a.c1, value });
    }
    get(r, c) {
      for (let i = this.blocks.length - 1; i >= 0; i--) {
        const b = this.blocks[i];
        if (r >= b.r0 && r <= b.r1 && c >= b.c0 && c <= b.c1) return b.value(r, c);
      }
      return EMPTY;
    }
    /** Every cell that holds something, once: [r, c, value]. */
    *entries() {
      for (let i = this.blocks.length - 1; i >= 0; i--) {
        const b = this.blocks[i];
        const newer = this.blocks.slice(i + 1);
        for (let r = b.r0; r <= b.r1; r++)
          for (let c = b.c0; c <= b.c1; c++) {
            if (newer.some((n) => r >= n.r0 && r <= n.r1 && c >= n.c0 && c <= n.c1)) continue;
            const v = b.value(r, c);
            if (v !== EMPTY && v !== "" && v !== null) yield [r, c, v];
          }
      }
    }
  }
  const cellAt = (sheet, r, c) => {
    const v = sheet.cells.get(r, c);
    return v === EMPTY || v === null ? "" : v;
  };
  const formatAt = (sheet, r, c) => {
    const v = sheet.formats.get(r, c);
    return v === EMPTY ? "General" : v;
  };

  // ---- Request context: the queue, load/sync, the request size ----
  function makeContext() {
    let queue = [];
    const ctx = { requestCount: 0 };

    /** A proxy's readable properties: only what a sync has loaded into it. */
    function readable(proxy, name) {
      if (!proxy._loaded.has(name)) {
        throw new OfficeError(
          ErrorCodes.propertyNotLoaded,
          `The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
        );
      }
      return proxy._values[name];
    }
    function base(path, resolve) {
      return { _path: path, _resolve: resolve, _loaded: new Set(), _values: {}, _null: undefined };
    }
    function enqueue(proxy, action, payload, apply) {
      queue.push({ proxy, payload: { action, path: proxy._path, ...payload }, apply });
    }
    function queueLoad(proxy, props, read) {
      const names = props == null ? Object.keys(read) : typeof props === "string" ? props.split(",") : props;
      enqueue(proxy, "load", { props: names }, () => {
        const target = proxy._resolve();
        for (const raw of names) {
          const name = raw.trim();
          if (!(name in read))
            throw new OfficeError(ErrorCodes.invalidArgument, `The property '${name}' does not exist.`);
          proxy._values[name] = read[name](target);
          proxy._loaded.add(name);
        }
      });
      return proxy;
    }
    /** An object that may not exist: isNullObject is known after the next sync. */
    function orNull(proxy, exists) {
      enqueue(proxy, "lookup", {}, () => {
        proxy._null = !exists();
      });
      Object.defineProperty(proxy, "isNullObject", {
        get() {
          if (proxy._null === undefined) {
            throw new OfficeError(
              ErrorCodes.propertyNotLoaded,
              `The property 'isNullObject' is not available until "context.sync()" has run.`,
            );
          }
          return proxy._null;
        },
      });
      return proxy;
    }
    /** Resolves a proxy at sync time; a missing object fails the request there. */
    function target(proxy) {
      const value = proxy._resolve();
      if (value === undefined || value === null) {
        throw new OfficeError(ErrorCodes.itemNotFound, `The requested resource (${proxy._path}) doesn't exist.`);
      }
      return value;
    }

    // ---- Ranges ----
    /** A range at `address`, or (a table's ranges) at what `dynamic()` says when the request runs. */
    function rangeProxy(sheetProxy, address, dynamic) {
      const parsed = dynamic ? null : parseAddress(address);
      const path = `${sheetProxy._path}.range(${address})`;
      const proxy = base(path, () => target(sheetProxy));
      const where = () => {
        if (dynamic) return dynamic();
        if (parsed.error) throw parsed.error;
        return parsed;
      };
      const rangeOp = (what) => {
        const at = where();
        if (cellCount(at) > RANGE_CELL_LIMIT) {
          throw new OfficeError(
            ErrorCodes.rangeExceedsLimit,
            `The cell count in the range has exceeded the maximum supported number (${what} on ${cellCount(at)} cells).`,
          );
        }
        return at;
      };
      const shape = (v, at, what, broadcast) => {
        const rows = at.r1 - at.r0 + 1;
        const cols = at.c1 - at.c0 + 1;
        if (broadcast && Array.isArray(v) && v.length === 1 && Array.isArray(v[0]) && v[0].length === 1) return;
        if (!Array.isArray(v) || v.length !== rows || v.some((row) => !Array.isArray(row) || row.length !== cols)) {
          throw new OfficeError(
            ErrorCodes.invalidArgument,
            `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${what}, ${rows}x${cols}).`,
          );
        }
      };
      const readCells = (read) => (sheet) => {
        const at = where();
        const out = [];
        for (let r = at.r0; r <= at.r1; r++) {
          const row = [];
          for (let c = at.c0; c <= at.c1; c++) row.push(read(sheet, r, c));
          out.push(row);
        }
        return out;
      };
      const reads = {
        address: (sheet) => addressText(sheet.name, where()),
        values: readCells(cellAt),
        numberFormat: readCells(formatAt),
        rowCount: () => where().r1 - where().r0 + 1,
        columnCount: () => where().c1 - where().c0 + 1,
      };
      Object.assign(proxy, {
        load: (props) => queueLoad(proxy, props, reads),
        clear() {
          enqueue(proxy, "call", { name: "clear" }, () => {
            const sheet = target(proxy);
            const at = rangeOp("clear");
            sheet.cells.put(at, () => EMPTY);
            sheet.formats.put(at, () => EMPTY);
            for (const k of [...sheet.bold]) {
              const r = Math.floor(k / SHEET_COLUMNS);
              const c = k % SHEET_COLUMNS;
              if (r >= at.r0 && r <= at.r1 && c >= at.c0 && c <= at.c1) sheet.bold.delete(k);
            }
          });
        },
        format: {
          font: {
            set bold(b) {
              enqueue(proxy, "set", { name: "format.font.bold", value: b }, () => {
                const sheet = target(proxy);
                const at = rangeOp("format");
                for (let r = at.r0; r <= at.r1; r++)
                  for (let c = at.c0; c <= at.c1; c++) b ? sheet.bold.add(key(r, c)) : sheet.bold.delete(key(r, c));
              });
            },
          },
          autofitColumns() {
            enqueue(proxy, "call", { name: "format.autofitColumns" }, () => {
              target(proxy);
              rangeOp("autofit");
            });
          },
        },
      });
      for (const name of ["address", "rowCount", "columnCount"])
        Object.defineProperty(proxy, name, { get: () => readable(proxy, name) });
      Object.defineProperty(proxy, "values", {
        get: () => readable(proxy, "values"),
        set(v) {
          enqueue(proxy, "set", { name: "values", value: v }, () => {
            const sheet = target(proxy);
            const at = rangeOp("values");
            shape(v, at, "values", false);
            sheet.cells.put(at, (r, c) => v[r - at.r0][c - at.c0]);
            stats.cells += cellCount(at);
          });
        },
      });
      Object.defineProperty(proxy, "numberFormat", {
        get: () => readable(proxy, "numberFormat"),
        set(v) {
          enqueue(proxy, "set", { name: "numberFormat", value: v }, () => {
            const sheet = target(proxy);
            const at = rangeOp("numberFormat");
            shape(v, at, "numberFormat", true);
            const one = v.length === 1 && v[0].length === 1;
            sheet.formats.put(at, one ? () => v[0][0] : (r, c) => v[r - at.r0][c - at.c0]);
            stats.formats += cellCount(at);
          });
        },
      });
      return proxy;
    }

    // ---- Tables ----
    function tableProxy(path, resolve) {
      const proxy = base(path, resolve);
      const reads = { name: (t) => t.name, style: (t) => t.style };
      const sheetOf = { _path: `${path}.worksheet`, _resolve: () => state.sheets.get(target(proxy).sheet) };
      const tableRange = (pick) =>
        rangeProxy(sheetOf, pick, () => {
          const t = target(proxy);
          if (pick === "header") return { ...t.a, r1: t.a.r0 };
          if (pick === "body") return { ...t.a, r0: t.a.r0 + 1 };
          return t.a;
        });
      Object.assign(proxy, {
        load: (props) => queueLoad(proxy, props, reads),
        getRange: () => tableRange("range"),
        getHeaderRowRange: () => tableRange("header"),
        getDataBodyRange: () => tableRange("body"),
        delete() {
          enqueue(proxy, "call", { name: "delete" }, () => {
            // Excel removes the table object; its cells stay until cleared.
            state.tables.delete(target(proxy).name);
          });
        },
      });
      Object.defineProperty(proxy, "name", {
        get: () => readable(proxy, "name"),
        set(n) {
          enqueue(proxy, "set", { name: "name", value: n }, () => {
            const t = target(proxy);
            const clash = [...state.tables.values()].find(
              (o) => o !== t && o.name.toLowerCase() === String(n).toLowerCase(),
            );
            if (clash) throw new OfficeError(ErrorCodes.itemAlreadyExists, `A table named ${n} already exists.`);
            if (!/^[A-Za-z_\\][A-Za-z0-9_.\\]{0,254}$/.test(String(n)))
              throw new OfficeError(ErrorCodes.invalidArgument, `${n} is not a valid table name.`);
            state.tables.delete(t.name);
            t.name = String(n);
            state.tables.set(t.name, t);
          });
        },
      });
      Object.defineProperty(proxy, "style", {
        get: () => readable(proxy, "style"),
        set(s) {
          enqueue(proxy, "set", { name: "style", value: s }, () => {
            target(proxy).style = s;
          });
        },
      });
      return proxy;
    }
    // ---- Worksheets ----
    function sheetProxy(path, resolve) {
      const proxy = base(path, resolve);
      const reads = { name: (s) => s.name };
      Object.assign(proxy, {
        load: (props) => queueLoad(proxy, props, reads),
        getRange: (address) => rangeProxy(proxy, address),
        delete() {
          enqueue(proxy, "call", { name: "delete" }, () => {
            const sheet = target(proxy);
            if (state.sheets.size === 1)
              throw new OfficeError("InvalidOperation", "A workbook keeps at least one sheet.");
            for (const t of [...state.tables.values()]) if (t.sheet === sheet.name) state.tables.delete(t.name);
            state.sheets.delete(sheet.name);
          });
        },
        tables: {
          add(address, hasHeaders) {
            const created = {};
            const table = tableProxy(`${path}.tables.add(${address})`, () => created.table);
            enqueue(proxy, "call", { name: "tables.add", args: [address, hasHeaders] }, () => {
              const parsed = parseAddress(address);
              if (parsed.error) throw parsed.error;
              if (!hasHeaders) throw new OfficeError(ErrorCodes.invalidArgument, "stand-in: header tables only");
              const sheet = parsed.sheetName ? state.sheets.get(parsed.sheetName) : target(proxy);
              if (!sheet) throw new OfficeError(ErrorCodes.itemNotFound, `No sheet ${parsed.sheetName}`);
              if (cellCount(parsed) > RANGE_CELL_LIMIT)
                throw new OfficeError(
                  ErrorCodes.rangeExceedsLimit,
                  "The cell count in the range has exceeded the maximum supported number.",
                );
              for (const t of state.tables.values()) {
                const b = t.a;
                if (
                  t.sheet === sheet.name &&
                  !(parsed.r1 < b.r0 || parsed.r0 > b.r1 || parsed.c1 < b.c0 || parsed.c0 > b.c1)
                )
                  throw new OfficeError(ErrorCodes.invalidArgument, "A table can't overlap another table.");
              }
              let n = 1;
              while (state.tables.has(`Table${n}`)) n += 1;
              created.table = { name: `Table${n}`, sheet: sheet.name, a: parsed, style: "TableStyleMedium2" };
              state.tables.set(created.table.name, created.table);
            });
            return table;
          },
        },
      });
      Object.defineProperty(proxy, "name", { get: () => readable(proxy, "name") });
      return proxy;
    }

    const workbookProxy = base("workbook", () => ({ name: config.workbookName }));
    const workbookReads = { name: (w) => w.name };
    Object.defineProperty(workbookProxy, "name", { get: () => readable(workbookProxy, "name") });
    Object.assign(workbookProxy, {
      load: (props) => queueLoad(workbookProxy, props, workbookReads),
      application: {
        suspendApiCalculationUntilNextSync() {
          enqueue(workbookProxy, "call", { name: "application.suspendApiCalculationUntilNextSync" }, () => {
            stats.suspended = true;
          });
        },
      },
      worksheets: {
        getItem: (name) => sheetProxy(`worksheets(${name})`, () => state.sheets.get(name)),
        getItemOrNullObject(name) {
          const proxy = sheetProxy(`worksheets(${name})?`, () => state.sheets.get(name));
          return orNull(proxy, () => state.sheets.has(name));
        },
        add(name) {
          const proxy = sheetProxy(`worksheets.add(${name})`, () => state.sheets.get(name));
          enqueue(proxy, "call", { name: "worksheets.add", args: [name] }, () => {
            if (state.sheets.has(name))
              throw new OfficeError(ErrorCodes.itemAlreadyExists, `A sheet named ${name} exists.`);
            if (!name || name.length > 31 || /[\\/?*[\]:]/.test(name))
              throw new OfficeError(ErrorCodes.invalidArgument, `${name} is not a valid sheet name.`);
            makeSheet(name);
          });
          return proxy;
        },
        getActiveWorksheet: () => sheetProxy("worksheets.active", () => state.sheets.values().next().value),
      },
      tables: {
        getItemOrNullObject(name) {
          const find = () =>
            [...state.tables.values()].find((t) => t.name.toLowerCase() === String(name).toLowerCase());
          const proxy = tableProxy(`tables(${name})?`, find);
          return orNull(proxy, () => Boolean(find()));
        },
      },
    });

    let stats = { cells: 0, formats: 0, suspended: false };
    ctx.workbook = workbookProxy;
    ctx.sync = async () => {
      const actions = queue;
      queue = [];
      const json = JSON.stringify(actions.map((a) => a.payload));
      // UTF-8, as it travels (JSON escapes every other character to ASCII).
      const bytes = /[^ -~]/.test(json) ? new TextEncoder().encode(json).length : json.length;
      const record = { bytes, actions: actions.length, cells: 0, formats: 0, suspended: false, error: null };
      state.requests.push(record);
      if (config.syncDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.syncDelayMs));
      else await new Promise((resolve) => setTimeout(resolve, 0));
      if (bytes > config.requestLimitBytes) {
        record.error = ErrorCodes.requestPayloadSizeLimitExceeded;
        throw new OfficeError(
          ErrorCodes.requestPayloadSizeLimitExceeded,
          `The request payload size has exceeded the limit (${bytes} bytes; Excel on the web accepts ${config.requestLimitBytes}).`,
        );
      }
      stats = { cells: 0, formats: 0, suspended: false };
      try {
        for (const action of actions) action.apply();
      } catch (error) {
        record.error = error.code || "GeneralException";
        throw error;
      } finally {
        Object.assign(record, stats);
      }
    };
    ctx.hasPending = () => queue.length > 0;
    return ctx;
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
    saveAsync(options, callback) {
      const done = typeof options === "function" ? options : callback;
      const failed = config.settingsSaveFails;
      if (!failed) state.savedSettings = JSON.parse(JSON.stringify(state.settings));
      setTimeout(() => {
        if (!done) return;
        done(
          failed
            ? {
                status: "failed",
                error: { code: 5001, name: "Internal Error", message: "Settings could not be saved." },
              }
            : { status: "succeeded" },
        );
      }, 0);
    },
  };

  root.Office = {
    HostType: { Excel: "Excel" },
    PlatformType: { PC: "PC" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
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
  root.OfficeExtension = { Error: OfficeError, ErrorCodes };
  root.Excel = {
    ErrorCodes,
    async run(batch) {
      const context = makeContext();
      const result = await batch(context);
      // Excel.run sends whatever the batch left queued.
      if (context.hasPending()) await context.sync();
      return result;
    },
  };
  root.OfficeRuntime = config.runtimeStorage
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
  root.CustomFunctions = {
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

  const tableAddress = (t) => addressText(t.sheet, t.a);
  // What tests and the benchmark read.
  root.__officeStandIn = {
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
        address: tableAddress(t),
        rows: t.a.r1 - t.a.r0,
        columns: t.a.c1 - t.a.c0 + 1,
      }));
    },
    sheetNames() {
      return [...state.sheets.keys()];
    },
    /** Rows of a table (header first), at most `limit` of them. */
    tableValues(name, limit) {
      const t = state.tables.get(name);
      if (!t) return null;
      const sheet = state.sheets.get(t.sheet);
      const last = Math.min(t.a.r1, t.a.r0 + (limit || 1e9));
      const out = [];
      for (let r = t.a.r0; r <= last; r++) {
        const row = [];
        for (let c = t.a.c0; c <= t.a.c1; c++) row.push(cellAt(sheet, r, c));
        out.push(row);
      }
      return out;
    },
    headerBold(name) {
      const t = state.tables.get(name);
      return Boolean(t) && state.sheets.get(t.sheet).bold.has(key(t.a.r0, t.a.c0));
    },
    numberFormatAt(sheetName, address) {
      const a = parseAddress(address);
      return formatAt(state.sheets.get(sheetName), a.r0, a.c0);
    },
    cellCount() {
      let n = 0;
      for (const s of state.sheets.values()) for (const _ of s.cells.entries()) n++;
      return n;
    },
    /** Every context.sync() so far: { bytes, actions, cells, formats, suspended, error }. */
    requests() {
      return state.requests.map((r) => ({ ...r }));
    },
    syncs() {
      return state.requests.length;
    },
    syncLog() {
      return state.requests.map((r) => ({ ...r }));
    },
    largestRequestBytes() {
      return state.requests.reduce((max, r) => Math.max(max, r.bytes), 0);
    },
    settings() {
      return JSON.parse(JSON.stringify(state.savedSettings));
    },
    /** Whether `needle` appears in any cell, any setting (saved or not), or the sheet names. */
    workbookContains(needle) {
      for (const s of state.sheets.values()) {
        if (s.name.includes(needle)) return true;
        for (const [, , v] of s.cells.entries()) if (String(v).includes(needle)) return true;
      }
      return JSON.stringify(state.settings).includes(needle) || JSON.stringify(state.savedSettings).includes(needle);
    },
    runtimeStorageKeys() {
      return [...state.runtimeStorage.keys()];
    },
  };
})();
