// The app shell: header, the search box that is always on top, and the screens below it. Which screen is shown
// is the value `screen` (screen.ts), changed only by `go`.

import "./style.css";
import * as ipc from "./ipc";
import { h, msg, named, translate } from "./dom";
import { emptyDraft } from "./form";
import { lang, setLang, t } from "./i18n";
import { clearAppError, errorBanner, guard, showAppError } from "./report";
import { escapeAction, gateOf, nextScreen, type Gate, type Screen, type ScreenEvent } from "./screen";
import { watchIdle, type IdleWatch } from "./idle";
import { whileUpgrading } from "./upgrade";
import type { AppState } from "./bindings/AppState";
import type { SessionView } from "./bindings/SessionView";
import type { Hospital } from "./bindings/Hospital";
import type { OfficeView } from "./bindings/OfficeView";
import { renderPrintQueue } from "./views/cards";
import { renderDayClose } from "./views/dayclose";
import { renderAudit } from "./views/audit";
import { renderCorrections } from "./views/corrections";
import { renderExchange } from "./views/exchange";
import { renderMember } from "./views/member";
import { modalIsOpen } from "./views/modal";
import { renderRegister, type FormView } from "./views/register";
import { searchBox } from "./views/search";
import { renderFirstAdmin, renderSetup } from "./views/setup";
import { openLock, type LockScreen } from "./views/lock";
import { renderChangePassword, renderSignIn } from "./views/signin";
import { renderStaff } from "./views/staff";
import { mayOpenBackup, renderBackup, warningOf } from "./backup";
import { renderReports } from "./views/reports";
import { renderArrears } from "./views/arrears";
import { helpMenu } from "./views/help";
import { showCrash, watchFailures } from "./crash";

/** The office this PC works for, with the lists its forms offer; null until it is known (or set up). */
interface OpenOffice {
  office: OfficeView;
  hospitals: Hospital[];
  /** What the signed-in person may do (the session's `actions`): the window offers only that (the api checks
   * again). */
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
// Help → About, Diagnostics: on every screen, signed in or not (views/help.ts).
const help = helpMenu();
const langToggle = h("button", { type: "button", id: "lang-toggle", "data-testid": "lang-toggle", class: "lang" });
const search = searchBox((memberNo) => openMember(memberNo));
const registerButton = msg("button", "register-new", undefined, { type: "button", id: "register", class: "primary" });
const queueButton = msg("button", "nav-queue", undefined, { type: "button", id: "nav-queue" });
const dayButton = msg("button", "nav-day", undefined, { type: "button", id: "nav-day" });
const weeklyButton = msg("button", "nav-weekly", undefined, { type: "button", id: "nav-weekly" });
// The admin's and the supervisor's pages, shown only when the session's actions include them (`showAdminMenu`).
const staffButton = msg("button", "nav-staff", undefined, { type: "button", id: "nav-staff", hidden: true });
const auditButton = msg("button", "nav-audit", undefined, { type: "button", id: "nav-audit", hidden: true });
const correctionsButton = msg("button", "nav-corrections", undefined, { type: "button", id: "nav-corrections", hidden: true });
const backupButton = msg("button", "nav-backup", undefined, { type: "button", id: "nav-backup", hidden: true });
const reportsButton = msg("button", "nav-reports", undefined, { type: "button", id: "nav-reports", hidden: true });
const arrearsButton = msg("button", "nav-arrears", undefined, { type: "button", id: "nav-arrears", hidden: true });
// The header's warning that the last good backup is more than a week old (everyone signed in sees it; it takes
// those who may back up to the backup screen).
const backupWarning = h("button", { type: "button", id: "backup-warning", class: "backup-warning", hidden: true });
// Who is signed in, with "switch user" (sign out, then the sign-in screen) and "lock"; hidden without a person.
const sessionName = h("span", { class: "session-name", id: "session-name" });
const switchUserButton = msg("button", "session-switch-user", undefined, { type: "button", id: "switch-user", class: "lang" });
const lockButton = msg("button", "session-lock", undefined, { type: "button", id: "lock", class: "lang", title: "Ctrl+L" });
const userBox = h("div", { class: "session-user", id: "session-user", hidden: true }, sessionName, switchUserButton, lockButton);
const searchBar = h(
  "div",
  { class: "search-bar", id: "search-bar", hidden: true },
  search.el,
  h("nav", { class: "nav" }, queueButton, dayButton, weeklyButton, correctionsButton, auditButton, reportsButton, arrearsButton, staffButton, backupButton),
  registerButton,
);

let opened: OpenOffice | null = null;
let screen: Screen = { name: "starting" };
let shown: Shown = NOTHING_TO_ASK;
/** The shell's session as last heard, and where it lets the window be. */
let session: SessionView | null = null;
let gate: Gate = "signin";
let lockScreen: LockScreen | null = null;
let idle: IdleWatch | null = null;

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
      backupWarning,
      userBox,
      help,
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
  const next = nextScreen(screen, event);
  // The same screen is not drawn again: unlocking must give back the form as it was typed.
  if (next === screen) return;
  screen = next;
  clearAppError();
  shown = render(screen);
}

function render(s: Screen): Shown {
  switch (s.name) {
    case "starting":
      content.replaceChildren();
      return NOTHING_TO_ASK;
    case "setup":
      guard(() =>
        renderSetup(
          content,
          guard(async (state: AppState) => {
            setUpThisVisit = true;
            await enter(state);
          }),
        ),
      )();
      return NOTHING_TO_ASK;
    case "failed":
      content.replaceChildren();
      showAppError(s.error);
      return NOTHING_TO_ASK;
    case "first-admin":
      renderFirstAdmin(content, applySession);
      return NOTHING_TO_ASK;
    case "signin":
      renderSignIn(content, applySession);
      return NOTHING_TO_ASK;
    case "change-password":
      renderChangePassword(content, session?.staff?.name ?? "", applySession, guard(signOut));
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
    case "staff":
      renderStaff(content);
      return NOTHING_TO_ASK;
    case "audit":
      renderAudit(content);
      return NOTHING_TO_ASK;
    case "corrections":
      renderCorrections(content, guard(openMember));
      return NOTHING_TO_ASK;
    case "backup":
      renderBackup(content, needOffice().actions, showBackupWarning);
      return NOTHING_TO_ASK;
    case "reports": {
      const { office, actions } = needOffice();
      renderReports(content, office.kip_separator, actions);
      return NOTHING_TO_ASK;
    }
    case "arrears": {
      const { office } = needOffice();
      renderArrears(content, office.district_code, office.kip_separator);
      return NOTHING_TO_ASK;
    }
  }
}

function renderHome(): void {
  content.replaceChildren(
    h(
      "section",
      { class: "home card", id: "home" },
      msg("h1", "home-title"),
      msg("p", "home-hint", undefined, { class: "hint" }),
      h(
        "ul",
        { class: "keys" },
        msg("li", "home-key-search"),
        msg("li", "home-key-register"),
        msg("li", "home-key-escape"),
        session?.staff ? msg("li", "session-key-lock") : null,
      ),
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
headerButton(staffButton, { kind: "page", page: "staff" });
headerButton(auditButton, { kind: "page", page: "audit" });
headerButton(correctionsButton, { kind: "page", page: "corrections" });
headerButton(backupButton, { kind: "page", page: "backup" });
headerButton(reportsButton, { kind: "page", page: "reports" });
headerButton(arrearsButton, { kind: "page", page: "arrears" });

/** Offers the admin's and the supervisor's pages only to a session allowed to use them (the api checks again). */
function showAdminMenu(actions: readonly ipc.Action[]): void {
  staffButton.hidden = !actions.includes("manage-staff");
  auditButton.hidden = !actions.includes("view-audit");
  correctionsButton.hidden = !actions.includes("decide-correction");
  backupButton.hidden = !mayOpenBackup(actions);
  reportsButton.hidden = !actions.includes("view-reports");
  arrearsButton.hidden = !actions.includes("view-reports");
}

/** Shows or hides the header's backup warning; clicking it leads to the backup screen only those who may act. */
function showBackupWarning(status: ipc.BackupStatus | null): void {
  const warning = status ? warningOf(status) : null;
  backupWarning.hidden = warning === null;
  if (warning) backupWarning.replaceChildren(msg("span", warning.id, warning.args));
  backupWarning.disabled = !mayOpenBackup(opened?.actions ?? []);
}

/** Asks the shell where the backups stand (after a sign-in, a day close, a backup). */
async function refreshBackupWarning(): Promise<void> {
  showBackupWarning(opened && gate === "open" ? await ipc.backupStatus() : null);
}

backupWarning.addEventListener(
  "click",
  guard(async () => {
    if (!mayOpenBackup(opened?.actions ?? []) || !(await leaveForm())) return;
    search.clearResults();
    go({ kind: "page", page: "backup" });
  }),
);
document.addEventListener("backup-changed", guard(refreshBackupWarning));
headerButton(registerButton, { kind: "register" });

document.addEventListener("keydown", (event) => {
  // Before the office is known, or before anyone may work, there is nowhere to go; with a dialog open (the lock
  // screen is one), the dialog has the keys.
  if (!opened || gate !== "open" || modalIsOpen()) return;
  if ((event.ctrlKey || event.metaKey) && (event.key === "l" || event.key === "L") && session?.staff) {
    event.preventDefault();
    lockButton.click();
  } else if ((event.ctrlKey || event.metaKey) && (event.key === "f" || event.key === "F")) {
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

// Session ------------------------------------------------------------------------------------------------

/**
 * Takes the shell's session as it is now: what the window may offer, the header's person, the lock screen, the
 * idle watch, and the screen its gate allows.
 */
function applySession(view: SessionView): void {
  session = view;
  gate = gateOf(view, setUpThisVisit);
  if (opened) opened.actions = view.actions;
  showAdminMenu(view.actions);
  const staff = view.staff;
  userBox.hidden = staff === null || gate === "signin";
  if (staff) {
    sessionName.textContent = staff.name;
    sessionName.title = staff.staff_id;
  } else {
    sessionName.textContent = "";
  }
  lockButton.hidden = gate !== "open";
  searchBar.hidden = !opened || gate !== "open";
  if (gate === "locked" && staff) {
    lockScreen ??= openLock(staff.name, staff.staff_id, applySession);
  } else if (lockScreen) {
    const closing = lockScreen;
    lockScreen = null;
    closing.close();
  }
  if (gate === "signin" && modalIsOpen()) {
    // Signed out from the lock screen over a dialog of the previous person (a payment, a void): start the
    // window afresh rather than leave that dialog to the next one.
    location.reload();
    return;
  }
  idle?.stop();
  idle = null;
  if (staff && gate === "open") idle = watchIdle(view.idle_lock_minutes, guard(lockNow), guard(stillHere));
  go({ kind: "session", gate });
  guard(refreshBackupWarning)();
}

async function lockNow(): Promise<void> {
  applySession(await ipc.lock());
}

/** The person is active: hear from the shell, which may have locked the session on its own clock meanwhile. */
async function stillHere(): Promise<void> {
  const view = await ipc.touchSession();
  if (gateOf(view, setUpThisVisit) !== gate) applySession(view);
}

/** "Switch user" and the sign-out buttons: leaves the screen's form (asking first), then signs out. */
async function signOut(): Promise<void> {
  if (!(await leaveForm())) return;
  search.clearResults();
  applySession(await ipc.signOut());
}

switchUserButton.addEventListener("click", guard(signOut));
lockButton.addEventListener("click", guard(lockNow));

// Start --------------------------------------------------------------------------------------------------

/** The office was set up in this visit: its first admin is asked for next (see `gateOf`). */
let setUpThisVisit = false;

async function enter(state: AppState): Promise<void> {
  if (!state.office) {
    opened = null;
    searchBar.hidden = true;
    officeLine.replaceChildren();
    go({ kind: "office", ready: false });
    return;
  }
  showOffice(state.office);
  const [hospitals, view] = await Promise.all([ipc.hospitals(), ipc.session()]);
  opened = { office: state.office, hospitals, actions: view.actions };
  applySession(view);
}

// The last resort: a rejection no handler caught is still told to the clerk (an api refusal in the banner);
// the program's own failures, and the shell's panics, show the crash screen (crash.ts).
void watchFailures(window, showCrash, showAppError).catch(() => undefined);

async function start(): Promise<void> {
  renderHeader();
  translate(document);
  try {
    await enter(await whileUpgrading(() => ipc.appState()));
  } catch (error) {
    go({ kind: "failed", error });
  }
}

void start();
