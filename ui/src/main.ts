// The app shell: header, the search box that is always on top, and the screens below it.

import "./style.css";
import * as ipc from "./ipc";
import { IpcError } from "./ipc";
import { h, l10n, msg, named, translate } from "./dom";
import { errorMessage } from "./errors";
import { isoToDisplay } from "./format";
import { emptyDraft } from "./form";
import { lang, setLang, t } from "./i18n";
import type { AppState } from "./bindings/AppState";
import type { Hospital } from "./bindings/Hospital";
import type { MemberView } from "./bindings/MemberView";
import type { OfficeView } from "./bindings/OfficeView";
import type { SearchHit } from "./bindings/SearchHit";
import { renderPrintQueue } from "./views/cards";
import { renderDayClose } from "./views/dayclose";
import { renderExchange } from "./views/exchange";
import { renderMember } from "./views/member";
import { renderRegister, type FormView } from "./views/register";
import { renderSetup } from "./views/setup";

const SEARCH_DEBOUNCE_MS = 120;
const SEARCH_LIMIT = 20;

const app = document.getElementById("app") as HTMLElement;
const content = h("main", { id: "content" });
const officeLine = h("div", { class: "office", id: "office" });
const langToggle = h("button", { type: "button", id: "lang-toggle", "data-testid": "lang-toggle", class: "lang" });
const searchInput = h("input", { id: "search", type: "search", autocomplete: "off", spellcheck: "false", "data-testid": "search" });
const results = h("ul", { id: "search-results", class: "results", role: "listbox" });
const registerButton = msg("button", "register-new", undefined, { type: "button", id: "register", class: "primary" });
const queueButton = msg("button", "nav-queue", undefined, { type: "button", id: "nav-queue" });
const dayButton = msg("button", "nav-day", undefined, { type: "button", id: "nav-day" });
const weeklyButton = msg("button", "nav-weekly", undefined, { type: "button", id: "nav-weekly" });
const searchBar = h(
  "div",
  { class: "search-bar", id: "search-bar", hidden: true },
  h("div", { class: "search-box" }, msg("label", "search-label", undefined, { for: "search", class: "visually-hidden" }), searchInput, results),
  h("nav", { class: "nav" }, queueButton, dayButton, weeklyButton),
  registerButton,
);

let hospitals: Hospital[] = [];
let roles: ipc.Role[] = [];
let form: FormView | null = null;

function renderHeader(): void {
  app.replaceChildren(
    h(
      "header",
      { class: "top" },
      h(
        "div",
        { class: "brand" },
        h("img", { src: new URL("../../src-tauri/icons/128x128.png", import.meta.url).href, alt: "", class: "logo" }),
        h("div", {}, msg("div", "app-fund-name-lo", undefined, { class: "fund-lo", lang: "lo" }), msg("div", "app-fund-name-en", undefined, { class: "fund-en", lang: "en" })),
      ),
      officeLine,
      langToggle,
    ),
    searchBar,
    content,
  );
  l10n(searchInput, "search-placeholder", undefined, "placeholder");
  updateLangToggle();
}

function updateLangToggle(): void {
  document.documentElement.lang = lang();
  langToggle.textContent = t("lang-switch");
  langToggle.setAttribute("aria-label", t("lang-switch-label"));
}

langToggle.addEventListener("click", () => {
  setLang(lang() === "lo" ? "en" : "lo");
  updateLangToggle();
  translate(document);
});

function showOffice(office: OfficeView): void {
  officeLine.replaceChildren(
    named("span", office.district_name_lo, office.district_name_en, { class: "district" }),
    ", ",
    named("span", office.province_name_lo, office.province_name_en),
    " · ",
    msg("span", "office-workstation", { workstation: office.workstation }, { id: "workstation" }),
  );
}

// Screens ------------------------------------------------------------------------------------------------

function showError(error: unknown): void {
  const apiError = error instanceof IpcError ? error.error : null;
  const m = apiError ? errorMessage(apiError) : { id: "unexpected-error", args: { detail: String(error) } };
  content.replaceChildren(h("div", { class: "banner error", role: "alert", id: "app-error" }, msg("p", m.id, m.args)));
}

function showHome(): void {
  form = null;
  content.replaceChildren(
    h(
      "section",
      { class: "home card", id: "home" },
      msg("h1", "home-title"),
      msg("p", "home-hint", undefined, { class: "hint" }),
      h("ul", { class: "keys" }, msg("li", "home-key-search"), msg("li", "home-key-register"), msg("li", "home-key-escape")),
    ),
  );
  searchInput.focus();
  searchInput.select();
}

function showRegister(): void {
  clearResults();
  form = renderRegister(content, {
    mode: "register",
    draft: emptyDraft(),
    hospitals,
    onSaved: (view) => showMember(view, "registered"),
    onCancel: showHome,
    onOpenMember: (no) => void openMember(no),
  });
}

function showAmend(view: MemberView): void {
  form = renderRegister(content, {
    mode: "amend",
    memberNo: view.member.member_no,
    draft: view.draft,
    hospitals,
    onSaved: (saved) => showMember(saved, "amended"),
    onCancel: () => showMember(view, null),
    onOpenMember: (no) => void openMember(no),
  });
}

function showMember(view: MemberView, justSaved: "registered" | "amended" | null): void {
  form = null;
  renderMember(content, { view, justSaved, roles, onAmend: () => showAmend(view), onBack: showHome });
}

async function openMember(memberNo: string): Promise<void> {
  if (form?.isDirty()) {
    await form.escape();
    if (form?.isDirty()) return;
  }
  clearResults();
  try {
    showMember(await ipc.member(memberNo), null);
  } catch (error) {
    showError(error);
  }
}

// Search -------------------------------------------------------------------------------------------------

let searchTimer: ReturnType<typeof setTimeout> | undefined;
let searchSeq = 0;
let hits: SearchHit[] = [];
let selected = -1;

function clearResults(): void {
  hits = [];
  selected = -1;
  results.replaceChildren();
  results.hidden = true;
}

function renderResults(text: string): void {
  results.replaceChildren();
  results.hidden = text === "";
  if (text === "") return;
  if (hits.length === 0) {
    results.append(msg("li", "search-none", undefined, { class: "none", id: "search-none" }));
    return;
  }
  hits.forEach((hit, index) => {
    const item = h(
      "li",
      { class: index === selected ? "hit selected" : "hit", role: "option", "data-member-no": hit.member_no, "data-testid": "search-hit" },
      h("span", { class: "names" }, h("span", { class: "name-lo", lang: "lo" }, `${hit.given_name_lo} ${hit.family_name_lo}`.trim()), h("span", { class: "name-latin" }, `${hit.given_name_latin} ${hit.family_name_latin}`.trim())),
      h("span", { class: "dob" }, isoToDisplay(hit.date_of_birth)),
      named("span", hit.village_name_lo, hit.village_name_en, { class: "village" }),
      h("span", { class: "no mono" }, hit.member_no),
    );
    item.addEventListener("mousedown", (event) => event.preventDefault());
    item.addEventListener("click", () => void openMember(hit.member_no));
    results.append(item);
  });
}

async function runSearch(): Promise<void> {
  const seq = ++searchSeq;
  const text = searchInput.value.trim();
  if (text === "") {
    clearResults();
    return;
  }
  try {
    const found = await ipc.search(text, SEARCH_LIMIT);
    if (seq !== searchSeq) return;
    hits = found;
    selected = found.length > 0 ? 0 : -1;
    renderResults(text);
  } catch (error) {
    if (seq !== searchSeq) return;
    const m = error instanceof IpcError ? errorMessage(error.error) : { id: "unexpected-error", args: {} };
    results.replaceChildren(msg("li", m.id, m.args, { class: "none" }));
    results.hidden = false;
  }
}

searchInput.addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => void runSearch(), SEARCH_DEBOUNCE_MS);
});
searchInput.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    if (hits.length === 0) return;
    event.preventDefault();
    selected = (selected + (event.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
    renderResults(searchInput.value.trim());
  } else if (event.key === "Enter") {
    event.preventDefault();
    clearTimeout(searchTimer);
    void (async () => {
      if (searchSeq === 0 || hits.length === 0) await runSearch();
      const hit = hits[Math.max(selected, 0)];
      if (hit) await openMember(hit.member_no);
    })();
  } else if (event.key === "Escape" && searchInput.value !== "") {
    event.stopPropagation();
    searchInput.value = "";
    clearResults();
  }
});
searchInput.addEventListener("blur", () => setTimeout(() => (results.hidden = true), 150));
searchInput.addEventListener("focus", () => {
  if (searchInput.value.trim() !== "") results.hidden = false;
});
/** Leaves a form only if it is clean or the clerk agrees to discard it. */
async function leaveForm(): Promise<boolean> {
  if (form?.isDirty()) {
    await form.escape();
    if (form?.isDirty()) return false;
  }
  form = null;
  return true;
}
queueButton.addEventListener("click", async () => {
  if (!(await leaveForm())) return;
  clearResults();
  renderPrintQueue(content, (no) => void openMember(no));
});
dayButton.addEventListener("click", async () => {
  if (!(await leaveForm())) return;
  clearResults();
  renderDayClose(content);
});
weeklyButton.addEventListener("click", async () => {
  if (!(await leaveForm())) return;
  clearResults();
  renderExchange(content);
});
registerButton.addEventListener("click", async () => {
  if (form?.isDirty()) {
    await form.escape();
    if (form?.isDirty()) return;
  }
  showRegister();
});

document.addEventListener("keydown", (event) => {
  if (searchBar.hidden) return;
  if ((event.ctrlKey || event.metaKey) && (event.key === "f" || event.key === "F")) {
    event.preventDefault();
    searchInput.focus();
    searchInput.select();
  } else if ((event.ctrlKey || event.metaKey) && (event.key === "n" || event.key === "N")) {
    event.preventDefault();
    registerButton.click();
  } else if (event.key === "Escape" && !document.getElementById("confirm-dialog")) {
    if (form) void form.escape();
    else if (document.getElementById("payment-form")) return;
    else if (document.getElementById("member-page") || document.getElementById("queue-page") || document.getElementById("day-page") || document.getElementById("weekly-page")) showHome();
  }
});

// Start --------------------------------------------------------------------------------------------------

async function enter(state: AppState): Promise<void> {
  if (!state.office) {
    searchBar.hidden = true;
    officeLine.replaceChildren();
    await renderSetup(content, (next) => void enter(next));
    return;
  }
  showOffice(state.office);
  searchBar.hidden = false;
  [hospitals, roles] = await Promise.all([ipc.hospitals(), ipc.roles()]);
  showHome();
}

async function start(): Promise<void> {
  renderHeader();
  translate(document);
  try {
    await enter(await ipc.appState());
  } catch (error) {
    showError(error);
  }
}

void start();
