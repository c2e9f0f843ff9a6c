// The only module that talks to Tauri. Every other module calls these typed functions.

import { Channel, invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { AmendOutcome } from "./bindings/AmendOutcome";
import type { AppState } from "./bindings/AppState";
import type { ContributionPreview } from "./bindings/ContributionPreview";
import type { Draft } from "./bindings/Draft";
import type { Hospital } from "./bindings/Hospital";
import type { MemberView } from "./bindings/MemberView";
import type { Place } from "./bindings/Place";
import type { SearchHit } from "./bindings/SearchHit";
import type { VillageList } from "./bindings/VillageList";
import type { ApiError } from "./bindings/ApiError";
import type { CardIssueView } from "./bindings/CardIssueView";
import type { CoverageView } from "./bindings/CoverageView";
import type { DayClose } from "./bindings/DayClose";
import type { PaymentQuote } from "./bindings/PaymentQuote";
import type { PaymentRequest } from "./bindings/PaymentRequest";
import type { RegistrationChoices } from "./bindings/RegistrationChoices";
import type { PhotoCrop } from "./bindings/PhotoCrop";
import type { Receipt } from "./bindings/Receipt";
import type { ReceiptFormat } from "./bindings/ReceiptFormat";
import type { ReceiptView } from "./bindings/ReceiptView";
import type { ReprintReason } from "./bindings/ReprintReason";
import type { Void } from "./bindings/Void";
import type { AckSummary } from "./bindings/AckSummary";
import type { BatchSaved } from "./bindings/BatchSaved";
import type { ExchangeStatus } from "./bindings/ExchangeStatus";
import type { ReferenceImported } from "./bindings/ReferenceImported";
import type { Action } from "./bindings/Action";
import type { SheetProgress } from "./bindings/SheetProgress";
import type { SheetSaved } from "./bindings/SheetSaved";
import type { WriteProgress } from "./bindings/WriteProgress";
import type { AuditCheck } from "./bindings/AuditCheck";
import type { AuditLine } from "./bindings/AuditLine";
import type { AuditQuery } from "./bindings/AuditQuery";
import type { CorrectionView } from "./bindings/CorrectionView";
import type { NewStaff } from "./bindings/NewStaff";
import type { SessionView } from "./bindings/SessionView";
import type { StaffView } from "./bindings/StaffView";
import type { BackupMade } from "./bindings/BackupMade";
import type { BackupSettings } from "./bindings/BackupSettings";
import type { BackupStatus } from "./bindings/BackupStatus";
import type { DayClosed } from "./bindings/DayClosed";
import type { ArrearsLine } from "./bindings/ArrearsLine";
import type { ArrearsQuery } from "./bindings/ArrearsQuery";
import type { ReportView } from "./bindings/ReportView";
import type { SettingsChange } from "./bindings/SettingsChange";
import type { SettingsView } from "./bindings/SettingsView";
import type { About } from "./bindings/About";
import type { Diagnostics } from "./bindings/Diagnostics";
import { toApiError } from "./errors";

// Shapes the views name through this module; like every IPC type, they are generated from Rust.
export type {
  About,
  Diagnostics,
  Action,
  ArrearsLine,
  ArrearsQuery,
  ReportView,
  SettingsChange,
  SettingsView,
  BackupMade,
  BackupSettings,
  BackupStatus,
  DayClosed,
  AuditCheck,
  AuditLine,
  AuditQuery,
  BatchSaved,
  CorrectionView,
  NewStaff,
  SessionView,
  SheetProgress,
  SheetSaved,
  StaffView,
  WriteProgress,
};

/** A call the api refused: its `ApiError`, a closed code with typed arguments (narrow on `error.code`). */
export class IpcError extends Error {
  readonly error: ApiError;
  constructor(error: ApiError) {
    super(`ipc: ${error.code}`);
    this.error = error;
  }
}

/** One step of the office data's upgrade while the office opens (the `store-upgrade` event of
 * src-tauri/src/state.rs, `nssf_api::UpgradeProgress`). */
export interface UpgradeProgress {
  stage: "copying" | "indexing" | "finishing";
  done: number;
  total: number;
}

/** Calls `handler` with each step of the store's upgrade while the office opens; resolves to a stop. */
export function watchStoreUpgrade(handler: (progress: UpgradeProgress) => void): Promise<() => void> {
  return listen<UpgradeProgress>("store-upgrade", (event) => handler(event.payload));
}

/** The crash screen's handler of `internal` refusals (crash.ts); null until it is installed. */
let onInternal: ((error: ApiError) => void) | null = null;

/** Sends every `internal` refusal, and every panic the shell reports, to `handler` (the crash screen). */
export function watchCrashes(handler: (error: ApiError) => void): Promise<void> {
  onInternal = handler;
  const channel = new Channel<ApiError>();
  channel.onmessage = handler;
  return invoke("watch_crashes", { onCrash: channel });
}

/**
 * Rejects with an `IpcError` when the api refused; anything else the IPC layer rejects with (plain text: a
 * malformed argument, a missing permission) is a plain `Error`, shown as an unexpected error.
 */
async function call<T>(command: string, args?: Record<string, unknown> | Uint8Array, headers?: Record<string, string>): Promise<T> {
  try {
    return await invoke<T>(command, args, headers ? { headers } : undefined);
  } catch (raw) {
    const error = toApiError(raw);
    // After a write the disk refused, the office must be opened again before it can write (or read
    // surely) again; the clerk sees this command's refusal, the reopen happens behind it.
    if (error?.code === "disk-full" && command !== "reopen_office") {
      void invoke("reopen_office").catch(() => undefined);
    }
    // Every refusal reaches the shell's log (code and the arguments that name no one: support.rs).
    if (error && command !== "log_refusal") void invoke("log_refusal", { command, error }).catch(() => undefined);
    // The program itself failed (a panic in the shell): the crash screen, not a line under a form.
    if (error?.code === "internal") onInternal?.(error);
    throw error ? new IpcError(error) : new Error(String(raw));
  }
}

export const appState = (): Promise<AppState> => call("app_state");
export const provinces = (): Promise<Place[]> => call("provinces");
export const districts = (provinceCode: string): Promise<Place[]> => call("districts", { provinceCode });
export const villages = (districtCode: string): Promise<VillageList> => call("villages", { districtCode });
export const setupOffice = (districtCode: string, workstation: string): Promise<AppState> =>
  call("setup_office", { setup: { district_code: districtCode, workstation } });
export const hospitals = (): Promise<Hospital[]> => call("hospitals");
export const search = (text: string, limit: number): Promise<SearchHit[]> => call("search", { text, limit });
export const member = (memberNo: string): Promise<MemberView> => call("member", { memberNo });
export const register = (draft: Draft, choices: RegistrationChoices): Promise<MemberView> => call("register", { draft, choices });
/** Contact changes are saved at once; identity changes come back as `correction`, waiting for a supervisor. */
export const amend = (memberNo: string, draft: Draft): Promise<AmendOutcome> => call("amend", { memberNo, draft });
export const contributionPreview = (incomeBaseKip: string): Promise<ContributionPreview> =>
  call("contribution_preview", { incomeBaseKip });

// Photos and cards

/** Sends the original image file as the raw request body (no JSON number array); member and crop in headers. */
export const setPhoto = (memberNo: string, bytes: Uint8Array, crop: PhotoCrop | null): Promise<void> =>
  call("set_photo", bytes, {
    "x-member-no": memberNo,
    ...(crop ? { "x-crop": `${crop.x},${crop.y},${crop.width},${crop.height}` } : {}),
  });
/** The stored photo as JPEG bytes; null when the member has none. */
export async function photo(memberNo: string): Promise<Blob | null> {
  const raw = await call<ArrayBuffer | number[]>("photo", { memberNo });
  const bytes = raw instanceof ArrayBuffer ? new Uint8Array(raw) : Uint8Array.from(raw);
  return bytes.length === 0 ? null : new Blob([bytes], { type: "image/jpeg" });
}
export const cardIssues = (memberNo: string): Promise<CardIssueView[]> => call("card_issues", { memberNo });
export const cardQueue = (): Promise<SearchHit[]> => call("card_queue");
/** Saved path, or null when the save dialog was closed. */
export const printCard = (memberNo: string, reason: ReprintReason | null): Promise<string | null> =>
  call("print_card", { memberNo, reason });

export function printCardSheet(onProgress: (progress: SheetProgress) => void): Promise<SheetSaved | null> {
  const channel = new Channel<SheetProgress>();
  channel.onmessage = onProgress;
  return call("print_card_sheet", { onProgress: channel });
}
export const cancelCardSheet = (): Promise<void> => call("cancel_card_sheet");

// Contributions

export const coverage = (memberNo: string): Promise<CoverageView> => call("coverage", { memberNo });
export const quote = (request: PaymentRequest): Promise<PaymentQuote> => call("quote", { request });
export const pay = (request: PaymentRequest): Promise<Receipt> => call("pay", { request });
export const receipt = (receiptNo: string): Promise<ReceiptView> => call("receipt", { receiptNo });
export const voidReceipt = (receiptNo: string, reason: string): Promise<Void> => call("void_receipt", { receiptNo, reason });
export const printReceipt = (receiptNo: string, format: ReceiptFormat): Promise<string | null> =>
  call("print_receipt", { receiptNo, format });
export const printStatement = (memberNo: string): Promise<string | null> => call("print_statement", { memberNo });
/** The leaflet "why should I join?" for a member, in `lang` (the window's language). */
export const printLeaflet = (memberNo: string, lang: string): Promise<string | null> => call("print_leaflet", { memberNo, lang });
/** The member's filled-in application form; every print is audited, a reprint says COPY. */
export const printApplicationForm = (memberNo: string): Promise<string | null> => call("print_application_form", { memberNo });
/** `date` YYYY-MM-DD; null means today at the office. `cashier`: another cashier's day (a supervisor's
 * `close-other-day`); null means the signed-in person's own. */
export const daySummary = (date: string | null, cashier: string | null = null): Promise<DayClose> =>
  call("day_summary", { date, cashier });
/** Closes the day, then writes the automatic backup when the office has a backup folder (a failed backup is
 * reported in the result; the close stands). */
export const closeDay = (date: string | null, cashier: string | null = null): Promise<DayClosed> =>
  call("close_day", { date, cashier });
export const printDaySheet = (date: string | null, cashier: string | null = null): Promise<string | null> =>
  call("print_day_sheet", { date, cashier });

/** The office's date today (Lao time), YYYY-MM-DD. */
export const today = (): Promise<string> => call("today");

/** What the signed-in person may do (the api's role × action matrix), so the window offers only that. */
export const allowedActions = (): Promise<Action[]> => call("allowed_actions");

// The weekly batch (office side)

export const exchangeStatus = (): Promise<ExchangeStatus> => call("exchange_status");
/** Writes the next batch into a folder chosen in the folder dialog; null when the dialog was closed. */
export function exportBatch(onProgress: (progress: WriteProgress) => void): Promise<BatchSaved | null> {
  const channel = new Channel<WriteProgress>();
  channel.onmessage = onProgress;
  return call("export_batch", { onProgress: channel });
}
/** Writes an earlier batch again, byte for byte; null when the dialog was closed. */
export function writeBatchAgain(batch: number, onProgress: (progress: WriteProgress) => void): Promise<BatchSaved | null> {
  const channel = new Channel<WriteProgress>();
  channel.onmessage = onProgress;
  return call("write_batch_again", { number: batch, onProgress: channel });
}
/** Applies an acknowledgement file chosen in the file dialog; null when the dialog was closed. */
export const importAck = (): Promise<AckSummary | null> => call("import_ack");
/** Applies the central office's reference file chosen in the file dialog; null when the dialog was closed. */
export const importReference = (): Promise<ReferenceImported | null> => call("import_reference");

// Signing in: the window's one session, kept by the shell (it locks itself after the office's idle time)

/** Who is signed in, whether the screen is locked, what the window may offer; never refused for that. */
export const session = (): Promise<SessionView> => call("session");
/** The person typed or clicked: activity for the shell's idle lock too. */
export const touchSession = (): Promise<SessionView> => call("touch_session");
export const signIn = (staffId: string, password: string): Promise<SessionView> => call("sign_in", { staffId, password });
/** Ends the session ("switch user" is sign out, then sign in). */
export const signOut = (): Promise<SessionView> => call("sign_out");
/** Locks the screen now; the same person's password unlocks it. */
export const lock = (): Promise<SessionView> => call("lock");
export const unlock = (password: string): Promise<SessionView> => call("unlock", { password });
/** The signed-in person's own password. `current` may be null right after signing in with a reset password. */
export const changePassword = (current: string | null, next: string): Promise<SessionView> =>
  call("change_password", { current, new: next });

// Staff accounts (admin)

export const staffList = (): Promise<StaffView[]> => call("staff_list");
/** Adds an account. With no staff yet this is the office's first admin, and the session signs them in. */
export const staffAdd = (staff: Omit<NewStaff, "password">, password: string): Promise<StaffView> =>
  call("staff_add", { staff: { ...staff, password } });
export const staffDisable = (staffId: string): Promise<StaffView> => call("staff_disable", { staffId });
export const staffUnlock = (staffId: string): Promise<StaffView> => call("staff_unlock", { staffId });
/** The person must choose their own password at their next sign-in. */
export const staffResetPassword = (staffId: string, password: string): Promise<StaffView> =>
  call("staff_reset_password", { staffId, password });

// The audit trail and corrections (supervisor)

export const auditList = (query: AuditQuery): Promise<AuditLine[]> => call("audit_list", { query });
export const auditVerify = (): Promise<AuditCheck> => call("audit_verify");
export const pendingCorrections = (): Promise<CorrectionView[]> => call("pending_corrections");
export const memberCorrections = (memberNo: string): Promise<CorrectionView[]> => call("member_corrections", { memberNo });
export const approveCorrection = (id: number): Promise<CorrectionView> => call("approve_correction", { id });
/** `reason` is required. */
export const rejectCorrection = (id: number, reason: string): Promise<CorrectionView> =>
  call("reject_correction", { id, reason });

// Backups (the header's warning for everyone; "back up now" for supervisors and admins; the passphrase and the
// backup folder for admins)

export const backupStatus = (): Promise<BackupStatus> => call("backup_status");
/** Set once by an admin: it makes the office's backup key. */
export const setBackupPassphrase = (passphrase: string): Promise<BackupStatus> => call("set_backup_passphrase", { passphrase });
export const setBackupSettings = (settings: BackupSettings): Promise<BackupStatus> => call("set_backup_settings", { settings });
/** A folder picked in the folder dialog, for the settings field; null when the dialog was closed. */
export const chooseBackupFolder = (): Promise<string | null> => call("choose_backup_folder");
/** Into the office's backup folder (or a folder picked when none is set); null when the dialog was closed. */
export const backupNow = (): Promise<BackupMade | null> => call("backup_now");

// Reports and arrears lists (supervisor, admin), and the office's settings (an admin changes them)

/** The figures of the days `from` to `to` (YYYY-MM-DD), both included. */
export const report = (from: string, to: string): Promise<ReportView> => call("report", { from, to });
export const arrears = (query: ArrearsQuery): Promise<ArrearsLine[]> => call("arrears", { query });
/** Saved path, or null when the save dialog was closed. */
export const saveReportPdf = (from: string, to: string): Promise<string | null> => call("save_report_pdf", { from, to });
export const saveReportCsv = (from: string, to: string): Promise<string | null> => call("save_report_csv", { from, to });
export const saveCallSheet = (query: ArrearsQuery): Promise<string | null> => call("save_call_sheet", { query });
export const saveArrearsCsv = (query: ArrearsQuery): Promise<string | null> => call("save_arrears_csv", { query });
export const officeSettings = (): Promise<SettingsView> => call("office_settings");
export const setOfficeSettings = (change: SettingsChange): Promise<SettingsView> => call("set_office_settings", { change });

// Help: About, the support file for the central office's IT, the window's own failures, the crash screen

/** Version, office, folders, licences of the bundled fonts and data. */
export const about = (): Promise<About> => call("about");
/** What the support file holds now (no personal data). */
export const diagnostics = (): Promise<Diagnostics> => call("diagnostics");
/** Writes the support file where the clerk picks; the path, or null when the dialog was closed. */
export const saveDiagnostics = (): Promise<string | null> => call("save_diagnostics");
/** Logs a failure of the window itself (an uncaught error, an unhandled rejection); the shell scrubs it. */
export const reportWindowError = (kind: string, message: string): Promise<void> => call("report_window_error", { kind, message });
/** "Start again" on the crash screen. */
export const restartApp = (): Promise<void> => call("restart_app");
