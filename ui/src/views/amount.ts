// Amounts on screen: "2,500,000 ₭", grouped with the office's separator (`OfficeView.kip_separator`).

import { msg } from "../dom";
import { groupKip } from "../format";

export function kipAmount(amount: number, separator: string, attrs: Record<string, string> = {}): HTMLElement {
  return msg("span", "kip-amount", { amount: groupKip(amount, separator) }, attrs);
}
