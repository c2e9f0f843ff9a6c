// The address part of the register form: phone, then province → district → village, each list loaded when the
// one above is chosen. Where the gazetteer's village list is known to be wrong, a free-text village replaces
// the list.

import { describedBy, h, l10n, msg, named } from "../../dom";
import * as ipc from "../../ipc";
import { guard } from "../../report";
import type { FormValues } from "../../form";
import { errorSlot, field, section, textInput } from "./controls";

export interface AddressSection {
  el: HTMLElement;
  /** Loads the provinces, then the district and village lists of `initial`'s place, and selects it. */
  load: (initial: FormValues) => Promise<void>;
}

type PlaceOption = { code: string; name_lo: string; name_en: string };

function fillPlaces(select: HTMLSelectElement, places: PlaceOption[]): void {
  select.replaceChildren(msg("option", "choose", undefined, { value: "" }));
  for (const place of places) select.append(named("option", place.name_lo, place.name_en, { value: place.code }));
}

/** `report` shows a list that failed to load. */
export function addressSection(report: (error: unknown) => void): AddressSection {
  const phone = textInput("phone", { inputmode: "tel" });
  l10n(phone, "phone-placeholder", undefined, "placeholder");
  const province = h("select", { name: "province", id: "f-province" });
  const district = h("select", { name: "district_code", id: "f-district_code" });
  const village = h("select", { name: "village_code", id: "f-village_code" });
  const villageName = textInput("village_name", { lang: "lo" });
  const villageLabel = msg("label", "field-village_code", undefined, { for: "f-village_code", id: "village-label" });
  const villageHint = msg("p", "village-free-text-hint", undefined, { class: "hint", id: "village-hint", hidden: true });
  const villageSlot = errorSlot("village_code");
  const villageNameSlot = errorSlot("village_name");
  describedBy(village, villageSlot);
  describedBy(villageName, villageHint, villageNameSlot);
  const villageField = h("div", { class: "field", "data-field": "village_code" }, villageLabel, village, villageName, villageHint, villageSlot, villageNameSlot);
  const houseNo = textInput("house_no");

  /** The village list when the gazetteer's is `reliable`, else the free-text village. */
  function showVillageSelect(reliable: boolean): void {
    village.hidden = !reliable;
    village.disabled = !reliable;
    villageName.hidden = reliable;
    villageName.disabled = reliable;
    villageHint.hidden = reliable;
    villageLabel.htmlFor = reliable ? village.id : villageName.id;
  }

  async function loadDistricts(): Promise<void> {
    fillPlaces(district, province.value ? await ipc.districts(province.value) : []);
    district.disabled = province.value === "";
    await loadVillages();
  }

  async function loadVillages(): Promise<void> {
    if (!district.value) {
      fillPlaces(village, []);
      showVillageSelect(true);
      village.disabled = true;
      return;
    }
    const list = await ipc.villages(district.value);
    fillPlaces(village, list.villages);
    showVillageSelect(list.reliable);
  }

  province.addEventListener("change", guard(loadDistricts, report));
  district.addEventListener("change", guard(loadVillages, report));

  fillPlaces(province, []);
  fillPlaces(district, []);
  fillPlaces(village, []);
  district.disabled = true;
  showVillageSelect(true);
  village.disabled = true;

  async function load(initial: FormValues): Promise<void> {
    fillPlaces(province, await ipc.provinces());
    if (!initial.province) return;
    province.value = String(initial.province);
    await loadDistricts();
    district.value = String(initial.district_code ?? "");
    await loadVillages();
    village.value = String(initial.village_code ?? "");
    villageName.value = String(initial.village_name ?? "");
  }

  const el = section(
    "section-address",
    field("phone", "field-phone", phone),
    field("province", "field-province", province),
    field("district_code", "field-district_code", district),
    villageField,
    field("house_no", "field-house_no", houseNo),
  );
  return { el, load };
}
