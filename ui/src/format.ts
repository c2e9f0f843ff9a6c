// Display formats of the Lao office: dd/mm/yyyy with Arabic digits, whole kip grouped by the office's separator.

/** "1990-03-07" → "07/03/1990"; anything else is returned unchanged. */
export function isoToDisplay(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso;
}

/**
 * Whole kip grouped by thousands with `separator`, the office's setting (`OfficeView.kip_separator`, "," or
 * "."), so the screen shows amounts as the office's PDFs print them: (2500000, ",") → "2,500,000".
 */
export function groupKip(amount: number, separator: string): string {
  const sign = amount < 0 ? "-" : "";
  const digits = String(Math.trunc(Math.abs(amount)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** An RFC 3339 instant as local "dd/mm/yyyy HH:MM". */
export function instantToDisplay(rfc3339: string): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
