// Bar charts as plain SVG for the reports screen. A chart is first a tree of plain values (`SvgNode`), built
// by pure functions the unit tests read, then made into elements. Each chart has a <title> its <svg> is
// labelled by, and beside it a visually hidden table of the same figures, which screen readers read and
// keyboard users reach; every text is a message id (or a text as is), so switching the language rewrites the
// chart in place like the rest of the page.

import { h } from "../dom";
import { t, type Args } from "../i18n";

/** A text of the chart: a message (rewritten when the language changes) or a text as is (a village's name). */
export type Label = { id: string; args?: Args } | { text: string };

/** One bar: what it is, its value, and the value as the office writes it. */
export interface Bar {
  label: Label;
  value: number;
  shown: string;
}

/** `columns`: upright bars along a time axis (weeks, months); `rows`: one bar per group, its name beside it. */
export type Layout = "columns" | "rows";

export interface ChartSpec {
  /** Unique on the page: the chart's element ids start with it. */
  id: string;
  title: Label;
  layout: Layout;
  /** The heading of the hidden table's first column (week, village…) and of its value column. */
  labelHeading: Label;
  valueHeading: Label;
  bars: Bar[];
}

export interface SvgNode {
  tag: string;
  attrs: Record<string, string>;
  children: (SvgNode | Label)[];
}

/** The drawing's width in user units; the element scales to the page's width. */
export const WIDTH = 640;
/** At most this many labels under a time axis; between them, every n-th week is named. */
export const MAX_AXIS_LABELS = 12;
const COLUMNS_HEIGHT = 220;
const COLUMN_TOP = 20;
const COLUMN_AXIS = 180;
const ROW_HEIGHT = 26;
const ROW_LABEL_WIDTH = 220;
const ROW_VALUE_WIDTH = 110;

const node = (tag: string, attrs: Record<string, string | number>, ...children: (SvgNode | Label)[]): SvgNode => ({
  tag,
  attrs: Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, typeof v === "number" ? String(Math.round(v * 10) / 10) : v])),
  children,
});

/** The largest value, at least 1 so that a chart of zeros has an axis and no bar. */
function scaleOf(bars: readonly Bar[]): number {
  return Math.max(1, ...bars.map((b) => b.value));
}

/** Every `step`-th column is named under the axis, so that at most `MAX_AXIS_LABELS` names are shown. */
export function labelStep(count: number): number {
  return Math.max(1, Math.ceil(count / MAX_AXIS_LABELS));
}

function columns(spec: ChartSpec): SvgNode[] {
  const n = spec.bars.length;
  const slot = WIDTH / Math.max(1, n);
  const width = Math.max(1, slot * 0.7);
  const scale = scaleOf(spec.bars);
  const step = labelStep(n);
  const plot = COLUMN_AXIS - COLUMN_TOP;
  const shapes: SvgNode[] = [node("line", { class: "axis", x1: 0, y1: COLUMN_AXIS, x2: WIDTH, y2: COLUMN_AXIS })];
  spec.bars.forEach((bar, i) => {
    const height = (bar.value / scale) * plot;
    const x = i * slot + (slot - width) / 2;
    const middle = i * slot + slot / 2;
    shapes.push(node("rect", { class: "bar", x, y: COLUMN_AXIS - height, width, height, "data-value": String(bar.value) }));
    // Values over the bars only while they fit; the hidden table has them all.
    if (n <= 16 && bar.value > 0) shapes.push(node("text", { class: "value", x: middle, y: COLUMN_AXIS - height - 4, "text-anchor": "middle" }, { text: bar.shown }));
    if (i % step === 0) shapes.push(node("text", { class: "tick", x: middle, y: COLUMN_AXIS + 18, "text-anchor": "middle" }, bar.label));
  });
  return shapes;
}

function rows(spec: ChartSpec): SvgNode[] {
  const scale = scaleOf(spec.bars);
  const room = WIDTH - ROW_LABEL_WIDTH - ROW_VALUE_WIDTH;
  const shapes: SvgNode[] = [node("line", { class: "axis", x1: ROW_LABEL_WIDTH, y1: 0, x2: ROW_LABEL_WIDTH, y2: spec.bars.length * ROW_HEIGHT })];
  spec.bars.forEach((bar, i) => {
    const y = i * ROW_HEIGHT;
    const width = (bar.value / scale) * room;
    shapes.push(
      node("text", { class: "tick", x: ROW_LABEL_WIDTH - 8, y: y + ROW_HEIGHT * 0.65, "text-anchor": "end" }, bar.label),
      node("rect", { class: "bar", x: ROW_LABEL_WIDTH, y: y + 4, width, height: ROW_HEIGHT - 8, "data-value": String(bar.value) }),
      node("text", { class: "value", x: ROW_LABEL_WIDTH + width + 6, y: y + ROW_HEIGHT * 0.65 }, { text: bar.shown }),
    );
  });
  return shapes;
}

/** The chart's drawing: an <svg role="img"> labelled by its <title>, then the axis, the bars and their texts. */
export function barChart(spec: ChartSpec): SvgNode {
  const height = spec.layout === "columns" ? COLUMNS_HEIGHT : Math.max(1, spec.bars.length) * ROW_HEIGHT;
  return node(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      class: `chart chart-${spec.layout}`,
      id: `${spec.id}-svg`,
      role: "img",
      "aria-labelledby": `${spec.id}-title`,
      viewBox: `0 0 ${WIDTH} ${height}`,
      preserveAspectRatio: "xMinYMin meet",
    },
    node("title", { id: `${spec.id}-title` }, spec.title),
    ...(spec.layout === "columns" ? columns(spec) : rows(spec)),
  );
}

/** The hidden table's rows: each bar's label and value as shown. */
export function tableRows(spec: ChartSpec): [Label, string][] {
  return spec.bars.map((b) => [b.label, b.shown]);
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** Sets `el`'s text from `label`; a message is marked so that `translate` rewrites it. */
function labelInto(el: Element & { dataset: DOMStringMap }, label: Label): void {
  if ("text" in label) {
    el.textContent = label.text;
    return;
  }
  el.dataset.l10nId = label.id;
  if (label.args) el.dataset.l10nArgs = JSON.stringify(label.args);
  el.textContent = t(label.id, label.args);
}

function toElement(tree: SvgNode): SVGElement {
  const el = document.createElementNS(SVG_NS, tree.tag);
  for (const [key, value] of Object.entries(tree.attrs)) if (key !== "xmlns") el.setAttribute(key, value);
  for (const child of tree.children) {
    if ("tag" in child) el.append(toElement(child));
    else labelInto(el, child);
  }
  return el;
}

function labelled<K extends keyof HTMLElementTagNameMap>(tag: K, label: Label, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const el = h(tag, attrs);
  labelInto(el, label);
  return el;
}

/** The chart on the page: a figure with its visible caption, the drawing, and the hidden table. */
export function chartFigure(spec: ChartSpec): HTMLElement {
  return h(
    "figure",
    { class: "chart-figure", id: spec.id, "data-chart": spec.layout, tabindex: "0", "aria-labelledby": `${spec.id}-caption` },
    labelled("figcaption", spec.title, { id: `${spec.id}-caption` }),
    toElement(barChart(spec)),
    h(
      "table",
      { class: "visually-hidden", id: `${spec.id}-data` },
      labelled("caption", spec.title),
      h("thead", {}, h("tr", {}, labelled("th", spec.labelHeading, { scope: "col" }), labelled("th", spec.valueHeading, { scope: "col" }))),
      h("tbody", {}, ...tableRows(spec).map(([label, shown]) => h("tr", {}, labelled("th", label, { scope: "row" }), h("td", { class: "num" }, shown)))),
    ),
  );
}

/** A message as a chart label. */
export const message = (id: string, args?: Args): Label => (args ? { id, args } : { id });
