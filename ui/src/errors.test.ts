import { describe, expect, it } from "vitest";
import { duplicateMembers, errorMessage, placeFor, preciseMessage, problemsByField, toApiError } from "./errors";

describe("toApiError", () => {
  it("passes the shell's errors through", () => {
    const raw = { code: "member-not-found", args: { member_no: "X" }, problems: [] };
    expect(toApiError(raw)).toEqual(raw);
  });

  it("fills missing parts", () => {
    expect(toApiError({ code: "storage" })).toEqual({ code: "storage", args: {}, problems: [] });
  });

  it("turns IPC text failures into invalid-input with the detail", () => {
    expect(toApiError("missing required key draft")).toEqual({
      code: "invalid-input",
      args: { detail: "missing required key draft" },
      problems: [],
    });
  });
});

describe("messages", () => {
  it("maps a code to its Fluent id with the args", () => {
    expect(errorMessage({ code: "base-below-floor", args: { floor: "2,500,000" } })).toEqual({
      id: "error-base-below-floor",
      args: { floor: "2,500,000" },
    });
  });

  it("groups problems by field in order", () => {
    const grouped = problemsByField([
      { field: "documents.0.number", code: "required", args: {} },
      { field: "date_of_birth", code: "date-impossible", args: {} },
      { field: "documents.0.number", code: "document-number-invalid", args: {} },
    ]);
    expect([...grouped.keys()]).toEqual(["documents.0.number", "date_of_birth"]);
    expect(grouped.get("documents.0.number")?.map((m) => m.id)).toEqual(["error-required", "error-document-number-invalid"]);
  });
});

describe("placeFor", () => {
  const fields = new Set(["given_name_lo", "documents", "documents.0.number"]);
  const has = (name: string): boolean => fields.has(name);
  it("prefers the exact field, then the closest section", () => {
    expect(placeFor("documents.0.number", has)).toBe("documents.0.number");
    expect(placeFor("documents.3.kind", has)).toBe("documents");
    expect(placeFor("given_name_lo", has)).toBe("given_name_lo");
    expect(placeFor("registered_on", has)).toBeNull();
  });
});

it("lists the members of a possible duplicate", () => {
  expect(duplicateMembers({ code: "possible-duplicate", args: { members: "0101-01-000017, 0101-01-000042" }, problems: [] })).toEqual([
    "0101-01-000017",
    "0101-01-000042",
  ]);
  expect(duplicateMembers({ code: "possible-duplicate", args: {}, problems: [] })).toEqual([]);
});

describe("preciseMessage", () => {
  it("uses the reason named in args.message when it is a known message", () => {
    const error = { code: "invalid-input" as const, args: { message: "exchange-error-ack-unknown-batch", batch: "3" } };
    expect(preciseMessage(error, (id) => id === "exchange-error-ack-unknown-batch")).toEqual({
      id: "exchange-error-ack-unknown-batch",
      args: { message: "exchange-error-ack-unknown-batch", batch: "3" },
    });
    expect(preciseMessage(error, () => false).id).toBe("error-invalid-input");
    expect(preciseMessage({ code: "storage", args: {} }, () => true).id).toBe("error-storage");
  });
});
