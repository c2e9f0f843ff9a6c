// The app shell: header, the search box that is always on top, and the screens below it. Which screen is shown
// is the value `screen` (screen.ts), changed only by `go`.

import "./style.css";
import * as ipc from "./ipc";
import { h, msg, named, translate } from "./dom";
import { emptyDraft } from "./form";
import { lang, setLang, t } from "./i18n";
import { clearAppError, errorBanner, guard, showAppError } from "./report";
import { escapeAction, nextScreen, type Screen, type ScreenEvent } from "./screen";
import type { AppState } from "./bindings/AppState";
import type { Hospital } from "./bindings/Hospital";
import type { OfficeView } from "./bindings/OfficeView";
import { renderPrintQueue } from "./views/cards";
import { renderDayClose } from "./views/dayclose";
import { renderExchange } from "./views/exchange";
import { renderMember } from "./views/member";
import { modalIsOpen } from "./views/modal";
import { renderRegister, type FormView } from "./views/register";
import { searchBox } from "./views/search";
import { renderSetup } from "./views/setup";

/** The office this PC works for, with the lists its forms offer; null until it is known (or set up). */
interface OpenOffice {
  office: OfficeView;
  hospitals: Hospital[];
  /** What the signed-in person may do: the window offers only that (the api checks again). */
  actions: ipc.Action[];
}

/** What the shell may ask of the screen on show. */
interface Shown {
  /** The register or amend form, which must agree before the clerk leaves it. */
  form: FormView | null;
  /** True while the member page's payment form is open. */
  paymentOpen: () => boolean;
}

const NOTHING_TO_ASK: Shown = { form: null, paymentOpen: () => false };

const app = document.getElementById("app") as HTMLElement;
const content = h("div", { id: "content" });
const officeLine = h("div", { class: "office", id: "office" });
const langToggle = h("button", { type: "button", id: "lang-toggle", "data-testid": "lang-toggle", class: "lang" });
const search = searchBox((memberNo) => openMember(memberNo));
const registerButton = msg("button", "register-new", undefined, { type: "button", id: "register", class: "primary" });
const queueButton = msg("button", "nav-queue", undefined, { type: "button", id: "nav-queue" });
const dayButton = msg("button", "nav-day", undefined, { type: "button", id: "nav-day" });
const weeklyButton = msg("button", "nav-weekly", undefined, { type: "button", id: "nav-weekly" });
const searchBar = h(
  "div",
  { class: "search-bar", id: "search-bar", hidden: true },
  search.el,
  h("nav", { class: "nav" }, queueButton, dayButton, weeklyButton),
  registerButton,
);

let opened: OpenOffice | null = null;
let screen: Screen = { name: "starting" };
let shown: Shown = NOTHING_TO_ASK;

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
    h("main", {}, errorBanner(), content),
  );
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

/** The open office; the screens that need it are reached only once it is known. */
function needOffice(): OpenOffice {
  if (!opened) throw new Error("the office is not open yet");
  return opened;
}

/** The one way the screen changes: the next screen after `event`, drawn. */
function go(event: ScreenEvent): void {
  screen = nextScreen(screen, event);
  clearAppError();
  shown = render(screen);
}

function render(s: Screen): Shown {
  switch (s.name) {
    case "starting":
      content.replaceChildren();
      return NOTHING_TO_ASK;
    case "setup":
      guard(() => renderSetup(content, guard(enter)))();
      return NOTHING_TO_ASK;
    case "failed":
      content.replaceChildren();
      showAppError(s.error);
      return NOTHING_TO_ASK;
    case "home":
      renderHome();
      return NOTHING_TO_ASK;
    case "register": {
      const { hospitals, office, actions } = needOffice();
      const form = renderRegister(content, {
        mode: "register",
        actions,
        backdateDays: office.registration_backdate_days,
        draft: emptyDraft(),
        hospitals,
        separator: office.kip_separator,
        onSaved: (view, correctionFiled) => go({ kind: "saved", view, correctionFiled }),
        onCancel: () => go({ kind: "cancel" }),
        onOpenMember: guard(openMember),
      });
      return { form, paymentOpen: () => false };
    }
    case "amend": {
      const { hospitals, office, actions } = needOffice();
      const form = renderRegister(content, {
        mode: "amend",
        actions,
        backdateDays: office.registration_backdate_days,
        memberNo: s.view.member.member_no,
        draft: s.view.draft,
        hospitals,
        separator: office.kip_separator,
        onSaved: (view, correctionFiled) => go({ kind: "saved", view, correctionFiled }),
        onCancel: () => go({ kind: "cancel" }),
        onOpenMember: guard(openMember),
      });
      return { form, paymentOpen: () => false };
    }
    case "member": {
      const { actions, office } = needOffice();
      const page = renderMember(content, {
        view: s.view,
        justSaved: s.justSaved,
        actions,
        separator: office.kip_separator,
        onAmend: () => go({ kind: "amend" }),
        onBack: () => go({ kind: "home" }),
      });
      return { form: null, paymentOpen: page.paymentOpen };
    }
    case "queue":
      renderPrintQueue(content, guard(openMember));
      return NOTHING_TO_ASK;
    case "day":
      renderDayClose(content, needOffice().office.kip_separator);
      return NOTHING_TO_ASK;
    case "weekly":
      renderExchange(content, needOffice().office.kip_separator);
      return NOTHING_TO_ASK;
  }
}

function renderHome(): void {
  content.replaceChildren(
    h(
      "section",
      { class: "home card", id: "home" },
      msg("h1", "home-title"),
      msg("p", "home-hint", undefined, { class: "hint" }),
      h("ul", { class: "keys" }, msg("li", "home-key-search"), msg("li", "home-key-register"), msg("li", "home-key-escape")),
    ),
  );
  search.focus();
}

/** Leaves the screen's form only if it is clean or the clerk agrees to discard it. */
async function leaveForm(): Promise<boolean> {
  if (!shown.form?.isDirty()) return true;
  await shown.form.escape();
  return !shown.form?.isDirty();
}

async function openMember(memberNo: string): Promise<void> {
  if (!(await leaveForm())) return;
  search.clearResults();
  try {
    go({ kind: "open-member", view: await ipc.member(memberNo) });
  } catch (error) {
    go({ kind: "failed", error });
  }
}

/** A header button: leaves the screen's form (asking first when it holds typing), then goes to `event`. */
function headerButton(button: HTMLElement, event: ScreenEvent): void {
  button.addEventListener(
    "click",
    guard(async () => {
      if (!(await leaveForm())) return;
      search.clearResults();
      go(event);
    }),
  );
}

headerButton(queueButton, { kind: "page", page: "queue" });
headerButton(dayButton, { kind: "page", page: "day" });
headerButton(weeklyButton, { kind: "page", page: "weekly" });
headerButton(registerButton, { kind: "register" });

document.addEventListener("keydown", (event) => {
  // Before the office is known there is nowhere to go; with a dialog open, the dialog has the keys.
  if (!opened || modalIsOpen()) return;
  if ((event.ctrlKey || event.metaKey) && (event.key === "f" || event.key === "F")) {
    event.preventDefault();
    search.focus();
  } else if ((event.ctrlKey || event.metaKey) && (event.key === "n" || event.key === "N")) {
    event.preventDefault();
    registerButton.click();
  } else if (event.key === "Escape") {
    switch (escapeAction(screen, shown.paymentOpen())) {
      case "leave-form":
        if (shown.form) guard(shown.form.escape)();
        break;
      case "home":
        go({ kind: "home" });
        break;
      case "nothing":
        break;
    }
  }
});

// Start --------------------------------------------------------------------------------------------------

async function enter(state: AppState): Promise<void> {
  if (!state.office) {
    opened = null;
    searchBar.hidden = true;
    officeLine.replaceChildren();
    go({ kind: "office", ready: false });
    return;
  }
  showOffice(state.office);
  searchBar.hidden = false;
  const [hospitals, actions] = await Promise.all([ipc.hospitals(), ipc.allowedActions()]);
  opened = { office: state.office, hospitals, actions };
  go({ kind: "office", ready: true });
}

// The last resort: a rejection no handler caught is still told to the clerk.
window.addEventListener("unhandledrejection", (event) => showAppError(event.reason));

async function start(): Promise<void> {
  renderHeader();
  translate(document);
  try {
    await enter(await ipc.appState());
  } catch (error) {
    go({ kind: "failed", error });
  }
}

void start();
