import { describe, expect, it } from "vitest";
import type { ReportView } from "../bindings/ReportView";
import { buildBundle, sourcesByLang } from "../i18n";
import { barChart, labelStep, MAX_AXIS_LABELS, tableRows, WIDTH, type ChartSpec, type Label, type SvgNode } from "./chart";
import { headline, monthsOf, periodOf, reportCharts, villageLabel, wholeNumber, type MonthFigures, type Period, type PeriodTyped } from "./reports";

const files = import.meta.glob("../../../locales/*/*.ftl", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const sources = sourcesByLang(files);
const bundles = [buildBundle("lo", sources.lo).bundle, buildBundle("en", sources.en).bundle];
const has = (id: string): boolean => bundles.every((b) => b.hasMessage(id));

const typed = (t: Partial<PeriodTyped>): PeriodTyped => ({ kind: "month", day: "", from: "", to: "", ...t });
const ok = (from: string, to: string): Period => ({ ok: true, from, to });

describe("the period row as two office dates", () => {
  // Sunday 29 November 2026 is the office's today.
  const today = "2026-11-29";
  const cases: [string, Partial<PeriodTyped>, Period][] = [
    ["this month by default", {}, ok("2026-11-01", "2026-11-30")],
    ["the month of a typed day", { day: "15/02/2028" }, ok("2028-02-01", "2028-02-29")],
    ["a month of 31 days", { day: "1/12/2026" }, ok("2026-12-01", "2026-12-31")],
    ["February of a common year", { day: "28/02/2027" }, ok("2027-02-01", "2027-02-28")],
    ["this week: Monday to Sunday, today a Sunday", { kind: "week" }, ok("2026-11-23", "2026-11-29")],
    ["the week of a Monday", { kind: "week", day: "30/11/2026" }, ok("2026-11-30", "2026-12-06")],
    ["a week across the new year", { kind: "week", day: "01/01/2027" }, ok("2026-12-28", "2027-01-03")],
    ["Lao digits", { kind: "week", day: "໒໕/໑໑/໒໐໒໖" }, ok("2026-11-23", "2026-11-29")],
    ["custom days as documents write them", { kind: "custom", from: "01/10/2026", to: "29/11/2026" }, ok("2026-10-01", "2026-11-29")],
    ["custom, one day", { kind: "custom", from: "2026-11-02", to: "2026-11-02" }, ok("2026-11-02", "2026-11-02")],
    ["custom ignores the day box", { kind: "custom", day: "nonsense", from: "1/1/2026", to: "31/1/2026" }, ok("2026-01-01", "2026-01-31")],
    ["a day in the wrong form", { day: "Nov 2026" }, { ok: false, problems: [{ field: "day", id: "error-date-format", args: { value: "Nov 2026" } }] }],
    ["a day that does not exist", { kind: "week", day: "31/04/2026" }, { ok: false, problems: [{ field: "day", id: "error-date-impossible", args: { value: "31/04/2026" } }] }],
    [
      "custom with both days missing",
      { kind: "custom" },
      {
        ok: false,
        problems: [
          { field: "from", id: "reports-day-missing", args: {} },
          { field: "to", id: "reports-day-missing", args: {} },
        ],
      },
    ],
    ["custom ending before it starts", { kind: "custom", from: "02/11/2026", to: "01/11/2026" }, { ok: false, problems: [{ field: "to", id: "error-period-invalid", args: { from: "02/11/2026", to: "01/11/2026" } }] }],
  ];
  it.each(cases)("%s", (_, row, expected) => {
    expect(periodOf(typed(row), today)).toEqual(expected);
  });

  it("names only messages both locales have", () => {
    for (const [, row] of cases) {
      const p = periodOf(typed(row), today);
      if (!p.ok) for (const problem of p.problems) expect(has(problem.id), problem.id).toBe(true);
    }
  });
});

describe("a period cut into calendar months", () => {
  const cases: [string, string, string, string[]][] = [
    ["one day", "2026-11-02", "2026-11-02", ["2026-11 2026-11-02..2026-11-02"]],
    ["a whole month", "2026-11-01", "2026-11-30", ["2026-11 2026-11-01..2026-11-30"]],
    ["two part months", "2026-10-15", "2026-11-10", ["2026-10 2026-10-15..2026-10-31", "2026-11 2026-11-01..2026-11-10"]],
    ["across a year and a leap February", "2027-12-20", "2028-03-01", ["2027-12 2027-12-20..2027-12-31", "2028-01 2028-01-01..2028-01-31", "2028-02 2028-02-01..2028-02-29", "2028-03 2028-03-01..2028-03-01"]],
  ];
  it.each(cases)("%s", (_, from, to, expected) => {
    expect(monthsOf(from, to).map((m) => `${m.month} ${m.from}..${m.to}`)).toEqual(expected);
  });
});

describe("whole numbers as typed", () => {
  const cases: [string, number | null][] = [
    ["3", 3],
    [" 12 ", 12],
    ["໖", 6],
    ["", null],
    ["-1", null],
    ["2.5", null],
    ["three", null],
  ];
  it.each(cases)("%j", (text, expected) => expect(wholeNumber(text)).toBe(expected));
});

/** Every element of `tree` with `tag`. */
function all(tree: SvgNode, tag: string): SvgNode[] {
  const found = tree.tag === tag ? [tree] : [];
  for (const child of tree.children) if ("tag" in child) found.push(...all(child, tag));
  return found;
}
const texts = (tree: SvgNode, cls: string): Label[] => all(tree, "text").filter((t) => t.attrs.class === cls).flatMap((t) => t.children.filter((c): c is Label => !("tag" in c)));

const spec = (layout: "columns" | "rows", values: number[]): ChartSpec => ({
  id: "c",
  title: { id: "report-chart-kip" },
  layout,
  labelHeading: { id: "report-col-week" },
  valueHeading: { id: "report-col-kip" },
  bars: values.map((v, i) => ({ label: { text: `b${i}` }, value: v, shown: v.toLocaleString("en") })),
});

describe("bar charts as SVG", () => {
  it("is an image labelled by its title", () => {
    const svg = barChart(spec("rows", [1, 2]));
    expect(svg.tag).toBe("svg");
    expect(svg.attrs.role).toBe("img");
    expect(svg.attrs["aria-labelledby"]).toBe("c-title");
    const [title] = all(svg, "title");
    expect(title?.attrs.id).toBe("c-title");
    expect(title?.children).toEqual([{ id: "report-chart-kip" }]);
  });

  // (layout, values, the bars' lengths in user units: heights for columns, widths for rows)
  const cases: [string, "columns" | "rows", number[], number[]][] = [
    ["columns scale to the largest", "columns", [0, 80, 160], [0, 80, 160]],
    ["rows scale to the largest", "rows", [5, 10], [155, 310]],
    ["all zero: no bar drawn", "columns", [0, 0], [0, 0]],
    ["one bar fills the plot", "rows", [1_234_567], [310]],
  ];
  it.each(cases)("%s", (_, layout, values, lengths) => {
    const bars = all(barChart(spec(layout, values)), "rect");
    expect(bars.map((b) => Number(layout === "columns" ? b.attrs.height : b.attrs.width))).toEqual(lengths);
    expect(bars.map((b) => b.attrs["data-value"])).toEqual(values.map(String));
  });

  it("columns stay within the width and rise from the axis", () => {
    const bars = all(barChart(spec("columns", [3, 1, 2])), "rect");
    for (const bar of bars) {
      expect(Number(bar.attrs.x)).toBeGreaterThanOrEqual(0);
      expect(Number(bar.attrs.x) + Number(bar.attrs.width)).toBeLessThanOrEqual(WIDTH);
      expect(Number(bar.attrs.y) + Number(bar.attrs.height)).toBeCloseTo(180);
    }
  });

  // (weeks, names shown under the axis)
  const ticks: [number, number][] = [
    [1, 1],
    [12, 12],
    [13, 7],
    [27, 9],
    [53, 11],
  ];
  it.each(ticks)("%i weeks name at most 12 under the axis: %i", (weeks, shown) => {
    expect(labelStep(weeks)).toBe(Math.max(1, Math.ceil(weeks / MAX_AXIS_LABELS)));
    expect(texts(barChart(spec("columns", Array.from({ length: weeks }, () => 1))), "tick")).toHaveLength(shown);
  });

  it("rows name every bar and print its value beside it", () => {
    const svg = barChart(spec("rows", [1500, 0]));
    expect(texts(svg, "tick")).toEqual([{ text: "b0" }, { text: "b1" }]);
    expect(texts(svg, "value")).toEqual([{ text: "1,500" }, { text: "0" }]);
  });

  it("the hidden table holds every bar", () => {
    expect(tableRows(spec("columns", [7, 0]))).toEqual([
      [{ text: "b0" }, "7"],
      [{ text: "b1" }, "0"],
    ]);
  });
});

const report: ReportView = {
  registrations: 3,
  payments: 4,
  kip: 1_296_000,
  kip_by_method: { bank: 324_000, cash: 972_000, mobile: 0, cheque: 0 },
  by_village: [
    { village_code: "", village_name_lo: "ບ້ານໃໝ່", registrations: 1, payments: 0, kip: 0 },
    { village_code: "0101001", village_name_lo: "ບ້ານຈັນທະບູລີ", registrations: 2, payments: 4, kip: 1_296_000 },
  ],
  by_occupation: { artisan: 0, domestic: 0, driver: 1, farmer: 0, home_based: 0, other: 0, trader: 0, vendor: 2 },
  by_sex: { female: 2, male: 1 },
  by_age_group: { "15-24": 1, "25-34": 2, "35-44": 0, "45-54": 0, "55-60": 0 },
  active: 10,
  lapsed: 2,
  weeks: [
    { week_start: "2026-10-26", registrations: 1, payments: 0, kip: 0 },
    { week_start: "2026-11-02", registrations: 2, payments: 4, kip: 1_296_000 },
  ],
};

describe("the report's charts", () => {
  const months: MonthFigures[] = [
    { month: "2026-10", registrations: 1, kip: 0 },
    { month: "2026-11", registrations: 2, kip: 1_296_000 },
  ];
  /** Each chart as its id, its title and its bars as "label=shown". */
  const summary = (charts: ChartSpec[]): string[] =>
    charts.map((c) => `${c.id} ${"id" in c.title ? c.title.id : c.title.text}: ${c.bars.map((b) => `${"id" in b.label ? b.label.id + (b.label.args ? JSON.stringify(b.label.args) : "") : b.label.text}=${b.shown}`).join(" ")}`);

  it("one period of several months, dot-grouped numbers", () => {
    expect(summary(reportCharts(report, months, ".", 3, has))).toEqual([
      "chart-weeks-registrations report-chart-registrations: 26/10=1 02/11=2",
      "chart-weeks-kip report-chart-kip: 26/10=0 02/11=1.296.000",
      "chart-months-registrations reports-chart-months-registrations: 10/2026=1 11/2026=2",
      "chart-months-kip reports-chart-months-kip: 10/2026=0 11/2026=1.296.000",
      "chart-method report-chart-method: method-bank=324.000 method-cash=972.000 method-mobile=0 cheque=0",
      'chart-members reports-chart-members: reports-active=10 reports-lapsed{"months":3}=2',
      "chart-sex report-chart-sex: sex-female=2 sex-male=1",
      "chart-age report-chart-age: 15-24=1 25-34=2 35-44=0 45-54=0 55-60=0",
      "chart-occupation report-chart-occupation: occupation-artisan=0 occupation-domestic=0 occupation-driver=1 occupation-farmer=0 occupation-home_based=0 occupation-other=0 occupation-trader=0 occupation-vendor=2",
      'chart-villages reports-chart-villages: report-village-typed{"name":"ບ້ານໃໝ່"}=0 ບ້ານຈັນທະບູລີ=1.296.000',
    ]);
  });

  it("a period within one month has no per-month charts, and no village chart when no village has figures", () => {
    const ids = reportCharts({ ...report, by_village: [] }, [months[1] as MonthFigures], ",", 6, has).map((c) => c.id);
    expect(ids).toEqual(["chart-weeks-registrations", "chart-weeks-kip", "chart-method", "chart-members", "chart-sex", "chart-age", "chart-occupation"]);
  });

  it("every chart names messages both locales have", () => {
    const ids = reportCharts(report, months, ",", 3, has).flatMap((c) => [c.title, c.labelHeading, c.valueHeading, ...c.bars.map((b) => b.label)]).flatMap((l) => ("id" in l ? [l.id] : []));
    for (const id of ids) expect(has(id), id).toBe(true);
  });

  it("headline figures in the office's format", () => {
    expect(headline(report, ",", 4).map(([id, label, value]) => `${id} ${"id" in label ? label.id : ""} ${value}`)).toEqual([
      "registrations report-registrations 3",
      "payments report-payments 4",
      "kip report-kip 1,296,000 ₭",
      "active reports-active 10",
      "lapsed reports-lapsed 2",
    ]);
  });

  const villages: [string, string, Label][] = [
    ["0101001", "ບ້ານຈັນທະບູລີ", { text: "ບ້ານຈັນທະບູລີ" }],
    ["", "ບ້ານໃໝ່", { id: "report-village-typed", args: { name: "ບ້ານໃໝ່" } }],
    ["", "", { id: "report-village-none" }],
  ];
  it.each(villages)("village %j %j", (code, name, expected) => expect(villageLabel(code, name)).toEqual(expected));
});
