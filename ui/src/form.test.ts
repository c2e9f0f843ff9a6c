import { describe, expect, it } from "vitest";
import { draftToValues, emptyDraft, valuesToDraft } from "./form";
import type { Draft } from "./bindings/Draft";

const draft: Draft = {
  ...emptyDraft(),
  title: "ms",
  given_name_lo: "ເຈົ້າ",
  family_name_lo: "ນ້ຳໃຈ",
  given_name_latin: "Chao",
  family_name_latin: "Namchai",
  sex: "female",
  date_of_birth: "1990-03-07",
  documents: [
    { kind: "id_card", number: "123456" },
    { kind: "family_book", number: "FB-9" },
  ],
  phone: "020 5555 1234",
  village_code: "0101001",
  district_code: "0101",
  income_base_kip: "2500000",
  hospital: "H01",
  consent: true,
  dependants: [{ name: "ແກ້ວ", relation: "child", date_of_birth: "2015-06-01" }],
  registered_on: "2026-01-05",
};

describe("form values", () => {
  it("shows dates as dd/mm/yyyy and derives the province", () => {
    const values = draftToValues(draft);
    expect(values.date_of_birth).toBe("07/03/1990");
    expect(values["dependants.0.date_of_birth"]).toBe("01/06/2015");
    expect(values.province).toBe("01");
    expect(values["documents.1.kind"]).toBe("family_book");
    expect(values.consent).toBe(true);
  });

  it("round-trips a draft (dates as shown on screen, which the api accepts)", () => {
    const back = valuesToDraft(draftToValues(draft), draft.registered_on);
    expect(back).toEqual({
      ...draft,
      date_of_birth: "07/03/1990",
      dependants: [{ name: "ແກ້ວ", relation: "child", date_of_birth: "01/06/2015" }],
    });
  });

  it("keeps rows in index order and compacts gaps left by removed rows", () => {
    const back = valuesToDraft({
      "documents.2.kind": "passport",
      "documents.2.number": "P1",
      "documents.0.kind": "id_card",
      "documents.0.number": "1",
      "documents.10.kind": "family_book",
      "documents.10.number": "F",
    });
    expect(back.documents).toEqual([
      { kind: "id_card", number: "1" },
      { kind: "passport", number: "P1" },
      { kind: "family_book", number: "F" },
    ]);
    expect(back.dependants).toEqual([]);
  });

  it("sends text as typed and an unticked consent as false", () => {
    const back = valuesToDraft({ given_name_lo: "  ເຈົ້າ ", income_base_kip: "2,500,000", consent: false });
    expect(back.given_name_lo).toBe("  ເຈົ້າ ");
    expect(back.income_base_kip).toBe("2,500,000");
    expect(back.consent).toBe(false);
    expect(back.registered_on).toBe("");
  });
});
