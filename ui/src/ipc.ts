// The only module that talks to Tauri. Every other module calls these typed functions.

import { invoke } from "@tauri-apps/api/core";
import type { AppState } from "./bindings/AppState";
import type { ContributionPreview } from "./bindings/ContributionPreview";
import type { Draft } from "./bindings/Draft";
import type { Hospital } from "./bindings/Hospital";
import type { MemberView } from "./bindings/MemberView";
import type { Place } from "./bindings/Place";
import type { SearchHit } from "./bindings/SearchHit";
import type { VillageList } from "./bindings/VillageList";
import type { ApiError } from "./bindings/ApiError";
import { toApiError } from "./errors";

/** Rejected calls carry the api's error, already normalised. */
export class IpcError extends Error {
  readonly error: ApiError;
  constructor(error: ApiError) {
    super(`ipc: ${error.code}`);
    this.error = error;
  }
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw new IpcError(toApiError(raw));
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
export const register = (draft: Draft, confirmDuplicate: boolean): Promise<MemberView> =>
  call("register", { draft, confirmDuplicate });
export const amend = (memberNo: string, draft: Draft): Promise<MemberView> => call("amend", { memberNo, draft });
export const contributionPreview = (incomeBaseKip: string): Promise<ContributionPreview> =>
  call("contribution_preview", { incomeBaseKip });
