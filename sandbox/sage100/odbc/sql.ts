// ODBC SQL subset over the same store (spec §4, §7.6): SELECT [DISTINCT] [TOP n] cols|*|COUNT(*) FROM table
// [WHERE ...] [ORDER BY ...] with {d 'YYYY-MM-DD'} escapes and ? parameters. Dialect "providex4" (default) has no
// LIMIT/OFFSET/UNION; "pxplus" adds LIMIT n [OFFSET m]. Anything but SELECT is refused (the driver is read-only).
// Strings compare as strings, so TimeUpdated > '9.5' is lexical, exactly the trap of the real driver.
import type { Row, Value } from "../tables/schema";
import {
  candidateRows,
  column,
  compare,
  highWaterOf,
  likeToRegExp,
  OdbcError,
  project,
  rowSource,
  toComparable,
  type OdbcHost,
  type RowSource,
} from "./common";
import type { OdbcResult } from "./query";

export type OdbcDialect = "providex4" | "pxplus";

type Tok = { t: "id" | "num" | "str" | "op" | "date" | "param" | "eof"; v: string };

const WRITE_VERBS = new Set([
  "INSERT",
  "UPDATE",
  "DELETE",
  "CREATE",
  "DROP",
  "ALTER",
  "TRUNCATE",
  "MERGE",
  "GRANT",
  "EXEC",
  "EXECUTE",
  "CALL",
]);

function tokenize(sql: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql.charAt(i);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      let v = "";
      for (;;) {
        if (j >= sql.length) throw new OdbcError("ODBC_SYNTAX", { detail: "unterminated string" });
        if (sql.charAt(j) === "'") {
          if (sql.charAt(j + 1) === "'") {
            v += "'";
            j += 2;
            continue;
          }
          break;
        }
        v += sql.charAt(j++);
      }
      out.push({ t: "str", v });
      i = j + 1;
      continue;
    }
    if (ch === "{") {
      const m = /^\{\s*(d|ts|t|oj|ij|fn)\b\s*/i.exec(sql.slice(i));
      if (!m) throw new OdbcError("ODBC_SYNTAX", { detail: "escape sequence" });
      const kind = (m[1] ?? "").toLowerCase();
      if (kind !== "d" && kind !== "ts")
        throw new OdbcError("ODBC_UNSUPPORTED", {
          feature: `{${kind} ...} escapes (joins/functions) are not simulated`,
        });
      const rest = sql.slice(i + m[0].length);
      const lit = /^'([^']*)'\s*\}/.exec(rest);
      if (!lit) throw new OdbcError("ODBC_SYNTAX", { detail: "date literal" });
      out.push({ t: "date", v: (lit[1] ?? "").slice(0, 10) });
      i += m[0].length + lit[0].length;
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(sql.charAt(i + 1)))) {
      const m = /^\d*\.?\d+(?:[eE][+-]?\d+)?/.exec(sql.slice(i));
      const v = m?.[0] ?? ch;
      out.push({ t: "num", v });
      i += v.length;
      continue;
    }
    if (/[A-Za-z_"[]/.test(ch)) {
      const m =
        /^(?:"[^"]+"|\[[^\]]+\]|[A-Za-z_][A-Za-z0-9_$]*)(?:\.(?:"[^"]+"|\[[^\]]+\]|[A-Za-z_][A-Za-z0-9_$]*))*/.exec(
          sql.slice(i),
        );
      const v = m?.[0] ?? ch;
      out.push({ t: "id", v: v.replace(/["[\]]/g, "") });
      i += v.length;
      continue;
    }
    const two = sql.slice(i, i + 2);
    if (["<>", "<=", ">=", "!="].includes(two)) {
      out.push({ t: "op", v: two === "!=" ? "<>" : two });
      i += 2;
      continue;
    }
    if ("=<>(),*;".includes(ch)) {
      out.push({ t: "op", v: ch });
      i++;
      continue;
    }
    if (ch === "?") {
      out.push({ t: "param", v: "?" });
      i++;
      continue;
    }
    throw new OdbcError("ODBC_SYNTAX", { detail: `unexpected '${ch}'` });
  }
  out.push({ t: "eof", v: "" });
  return out;
}

type Operand = { k: "col"; name: string } | { k: "lit"; value: Value } | { k: "param"; index: number };
type Expr =
  | { k: "and" | "or"; a: Expr; b: Expr }
  | { k: "not"; e: Expr }
  | { k: "cmp"; op: string; left: Operand; right: Operand }
  | { k: "in"; left: Operand; list: Operand[]; neg: boolean }
  | { k: "like"; left: Operand; pattern: Operand; neg: boolean }
  | { k: "between"; left: Operand; lo: Operand; hi: Operand; neg: boolean }
  | { k: "isnull"; left: Operand; neg: boolean };

interface Statement {
  distinct: boolean;
  top: number | null;
  select: "*" | "count" | string[];
  table: string;
  where: Expr | null;
  orderBy: Array<{ name: string; desc: boolean }>;
  limit: number | null;
  offset: number;
}

class Parser {
  private pos = 0;
  private params = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly dialect: OdbcDialect,
  ) {}

  private peek(): Tok {
    return this.toks[this.pos] ?? { t: "eof", v: "" };
  }
  private next(): Tok {
    return this.toks[this.pos++] ?? { t: "eof", v: "" };
  }
  private isKw(word: string): boolean {
    const t = this.peek();
    return t.t === "id" && t.v.toUpperCase() === word;
  }
  private acceptKw(word: string): boolean {
    if (this.isKw(word)) {
      this.pos++;
      return true;
    }
    return false;
  }
  private expectKw(word: string): void {
    if (!this.acceptKw(word)) throw new OdbcError("ODBC_SYNTAX", { detail: word });
  }
  private acceptOp(op: string): boolean {
    const t = this.peek();
    if (t.t === "op" && t.v === op) {
      this.pos++;
      return true;
    }
    return false;
  }
  private expectOp(op: string): void {
    if (!this.acceptOp(op)) throw new OdbcError("ODBC_SYNTAX", { detail: op });
  }
  private int(): number {
    const t = this.next();
    if (t.t !== "num" || !/^\d+$/.test(t.v)) throw new OdbcError("ODBC_SYNTAX", { detail: "integer" });
    return Number(t.v);
  }

  paramCount(): number {
    return this.params;
  }

  statement(): Statement {
    const first = this.peek();
    if (first.t === "id" && WRITE_VERBS.has(first.v.toUpperCase())) throw new OdbcError("ODBC_READ_ONLY");
    this.expectKw("SELECT");
    const distinct = this.acceptKw("DISTINCT");
    const top = this.acceptKw("TOP") ? this.int() : null;
    let select: Statement["select"];
    if (this.acceptOp("*")) select = "*";
    else if (this.isKw("COUNT")) {
      this.next();
      this.expectOp("(");
      this.expectOp("*");
      this.expectOp(")");
      select = "count";
    } else {
      const cols: string[] = [];
      do {
        const t = this.next();
        if (t.t !== "id") throw new OdbcError("ODBC_SYNTAX", { detail: "column name" });
        if (this.peek().t === "op" && this.peek().v === "(")
          throw new OdbcError("ODBC_UNSUPPORTED", { feature: `function ${t.v}()` });
        cols.push(t.v);
      } while (this.acceptOp(","));
      select = cols;
    }
    this.expectKw("FROM");
    const table = this.next();
    if (table.t !== "id") throw new OdbcError("ODBC_SYNTAX", { detail: "table name" });
    if (
      this.peek().t === "id" &&
      !["WHERE", "ORDER", "LIMIT", "UNION", "GROUP", "JOIN", "INNER", "LEFT"].includes(this.peek().v.toUpperCase())
    )
      this.next(); // alias
    if (this.acceptOp(",") || this.isKw("JOIN") || this.isKw("INNER") || this.isKw("LEFT"))
      throw new OdbcError("ODBC_UNSUPPORTED", { feature: "joins are not simulated" });
    const where = this.acceptKw("WHERE") ? this.orExpr() : null;
    if (this.isKw("GROUP")) throw new OdbcError("ODBC_UNSUPPORTED", { feature: "GROUP BY is not simulated" });
    const orderBy: Statement["orderBy"] = [];
    if (this.acceptKw("ORDER")) {
      this.expectKw("BY");
      do {
        const t = this.next();
        if (t.t !== "id") throw new OdbcError("ODBC_SYNTAX", { detail: "ORDER BY column" });
        const desc = this.acceptKw("DESC");
        if (!desc) this.acceptKw("ASC");
        orderBy.push({ name: t.v, desc });
      } while (this.acceptOp(","));
    }
    let limit: number | null = null;
    let offset = 0;
    if (this.isKw("LIMIT") || this.isKw("OFFSET")) {
      if (this.dialect === "providex4")
        throw new OdbcError("ODBC_SYNTAX", {
          detail: `${this.peek().v.toUpperCase()} is not part of the ProvideX 4.x grammar (use TOP n)`,
        });
      if (this.acceptKw("LIMIT")) limit = this.int();
      if (this.acceptKw("OFFSET")) offset = this.int();
    }
    if (this.isKw("UNION")) {
      if (this.dialect === "providex4")
        throw new OdbcError("ODBC_SYNTAX", { detail: "UNION is not part of the ProvideX 4.x grammar" });
      throw new OdbcError("ODBC_UNSUPPORTED", { feature: "UNION is not simulated" });
    }
    this.acceptOp(";");
    if (this.peek().t !== "eof")
      throw new OdbcError("ODBC_SYNTAX", { detail: `end of statement near '${this.peek().v}'` });
    return { distinct, top, select, table: table.v, where, orderBy, limit, offset };
  }

  private orExpr(): Expr {
    let e = this.andExpr();
    while (this.acceptKw("OR")) e = { k: "or", a: e, b: this.andExpr() };
    return e;
  }
  private andExpr(): Expr {
    let e = this.notExpr();
    while (this.acceptKw("AND")) e = { k: "and", a: e, b: this.notExpr() };
    return e;
  }
  private notExpr(): Expr {
    if (this.acceptKw("NOT")) return { k: "not", e: this.notExpr() };
    return this.predicate();
  }
  private operand(): Operand {
    const t = this.next();
    if (t.t === "id") {
      if (t.v.toUpperCase() === "SELECT")
        throw new OdbcError("ODBC_UNSUPPORTED", { feature: "sub-selects are not simulated" });
      return { k: "col", name: t.v };
    }
    if (t.t === "num") return { k: "lit", value: Number(t.v) };
    if (t.t === "str") return { k: "lit", value: t.v };
    if (t.t === "date") return { k: "lit", value: t.v };
    if (t.t === "param") return { k: "param", index: this.params++ };
    if (t.t === "op" && t.v === "(" && this.isKw("SELECT"))
      throw new OdbcError("ODBC_UNSUPPORTED", { feature: "sub-selects are not simulated" });
    throw new OdbcError("ODBC_SYNTAX", { detail: `operand near '${t.v}'` });
  }
  private predicate(): Expr {
    if (
      this.peek().t === "op" &&
      this.peek().v === "(" &&
      !(this.toks[this.pos + 1]?.t === "id" && this.toks[this.pos + 1]?.v.toUpperCase() === "SELECT")
    ) {
      this.next();
      const e = this.orExpr();
      this.expectOp(")");
      return e;
    }
    const left = this.operand();
    if (this.acceptKw("IS")) {
      const neg = this.acceptKw("NOT");
      this.expectKw("NULL");
      return { k: "isnull", left, neg };
    }
    const neg = this.acceptKw("NOT");
    if (this.acceptKw("IN")) {
      this.expectOp("(");
      if (this.isKw("SELECT")) throw new OdbcError("ODBC_UNSUPPORTED", { feature: "sub-selects are not simulated" });
      const list: Operand[] = [];
      do list.push(this.operand());
      while (this.acceptOp(","));
      this.expectOp(")");
      return { k: "in", left, list, neg };
    }
    if (this.acceptKw("LIKE")) return { k: "like", left, pattern: this.operand(), neg };
    if (this.acceptKw("BETWEEN")) {
      const lo = this.operand();
      this.expectKw("AND");
      return { k: "between", left, lo, hi: this.operand(), neg };
    }
    if (neg) throw new OdbcError("ODBC_SYNTAX", { detail: "IN, LIKE or BETWEEN after NOT" });
    const t = this.next();
    if (t.t !== "op" || !["=", "<>", "<", "<=", ">", ">="].includes(t.v))
      throw new OdbcError("ODBC_SYNTAX", { detail: `comparison operator near '${t.v}'` });
    return { k: "cmp", op: t.v, left, right: this.operand() };
  }
}

function compile(src: RowSource, expr: Expr, params: ReadonlyArray<string | number>): (r: Row) => boolean {
  const litOf = (o: Operand): Value => (o.k === "lit" ? o.value : o.k === "param" ? (params[o.index] ?? "") : "");
  /** Returns an accessor for a pair of operands, converting literals to the column's comparable form. */
  const pair = (a: Operand, b: Operand): [(r: Row) => Value, (r: Row) => Value] => {
    const col = a.k === "col" ? column(src, a.name) : b.k === "col" ? column(src, b.name) : null;
    const get = (o: Operand): ((r: Row) => Value) => {
      if (o.k === "col") {
        const c = column(src, o.name);
        return (r) => r[c.name] ?? (c.kind === "number" ? 0 : "");
      }
      const v = col ? toComparable(col, litOf(o)) : litOf(o);
      return () => v;
    };
    return [get(a), get(b)];
  };
  switch (expr.k) {
    case "and": {
      const a = compile(src, expr.a, params);
      const b = compile(src, expr.b, params);
      return (r) => a(r) && b(r);
    }
    case "or": {
      const a = compile(src, expr.a, params);
      const b = compile(src, expr.b, params);
      return (r) => a(r) || b(r);
    }
    case "not": {
      const e = compile(src, expr.e, params);
      return (r) => !e(r);
    }
    case "cmp": {
      const [l, rr] = pair(expr.left, expr.right);
      const op = expr.op;
      return (r) => {
        const c = compare(l(r), rr(r));
        return op === "="
          ? c === 0
          : op === "<>"
            ? c !== 0
            : op === "<"
              ? c < 0
              : op === "<="
                ? c <= 0
                : op === ">"
                  ? c > 0
                  : c >= 0;
      };
    }
    case "in": {
      const getters = expr.list.map((o) => pair(expr.left, o));
      return (r) => getters.some(([l, v]) => compare(l(r), v(r)) === 0) !== expr.neg;
    }
    case "like": {
      const [l] = pair(expr.left, expr.left);
      const re = likeToRegExp(String(litOf(expr.pattern)));
      return (r) => re.test(String(l(r))) !== expr.neg;
    }
    case "between": {
      const [l, lo] = pair(expr.left, expr.lo);
      const [, hi] = pair(expr.left, expr.hi);
      return (r) => (compare(l(r), lo(r)) >= 0 && compare(l(r), hi(r)) <= 0) !== expr.neg;
    }
    case "isnull": {
      // the driver returns ''/0 rather than NULL, so IS NULL never matches
      return () => expr.neg;
    }
  }
}

/** column = value conditions every match must meet (the top-level ANDs), as comparable values by column name. */
function equalities(src: RowSource, expr: Expr | null, params: ReadonlyArray<string | number>): Map<string, Value> {
  const out = new Map<string, Value>();
  const visit = (e: Expr) => {
    if (e.k === "and") {
      visit(e.a);
      visit(e.b);
      return;
    }
    if (e.k !== "cmp" || e.op !== "=") return;
    const [col, other] = e.left.k === "col" ? [e.left, e.right] : [e.right, e.left];
    if (col.k !== "col" || other.k === "col") return;
    const def = column(src, col.name);
    out.set(def.name, toComparable(def, other.k === "lit" ? other.value : (params[other.index] ?? "")));
  };
  if (expr) visit(expr);
  return out;
}

export function runOdbcSql(
  host: OdbcHost,
  companyCode: string,
  sql: string,
  params: ReadonlyArray<string | number>,
  dialect: OdbcDialect,
): OdbcResult {
  const parser = new Parser(tokenize(sql), dialect);
  const st = parser.statement();
  if (parser.paramCount() !== params.length) throw new OdbcError("ODBC_PARAMS");
  const src = rowSource(host, companyCode, st.table);
  const pred = st.where ? compile(src, st.where, params) : () => true;
  let rows = candidateRows(src, equalities(src, st.where, params)).filter(pred);
  if (st.orderBy.length) {
    const order = st.orderBy.map((o) => ({ col: column(src, o.name), desc: o.desc }));
    rows = rows.slice().sort((a, b) => {
      for (const o of order) {
        const c = compare(a[o.col.name] ?? "", b[o.col.name] ?? "");
        if (c !== 0) return o.desc ? -c : c;
      }
      return 0;
    });
  }
  if (st.select === "count") {
    return {
      table: src.table,
      columns: ["COUNT(*)"],
      rows: [{ "COUNT(*)": rows.length }],
      rowCount: 1,
      total: 1,
      nextOffset: null,
      highWater: null,
    };
  }
  const cols = st.select === "*" ? src.columns : st.select.map((c) => column(src, c));
  let projected = project(src, rows, cols);
  let kept = rows;
  if (st.distinct) {
    const seen = new Set<string>();
    const keepIdx: number[] = [];
    projected = projected.filter((r, i) => {
      const k = JSON.stringify(r);
      if (seen.has(k)) return false;
      seen.add(k);
      keepIdx.push(i);
      return true;
    });
    kept = keepIdx.map((i) => rows[i]).filter((r): r is Row => r !== undefined);
  }
  const total = projected.length;
  const limit = st.top ?? st.limit;
  const start = st.offset;
  const end = limit === null ? total : start + limit;
  const page = projected.slice(start, end);
  return {
    table: src.table,
    columns: cols.map((c) => c.name),
    rows: page,
    rowCount: page.length,
    total,
    nextOffset: end < total ? end : null,
    highWater: highWaterOf(src, kept.slice(start, end)),
  };
}
