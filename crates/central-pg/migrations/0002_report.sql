-- Version 2: what `central report` and `central member` read (crates/exchange/src/central/report.rs says
-- what counts where).

-- The report's running totals per workstation (the records' issuer, DDDD-WW) and month (YYYY-MM): members
-- by the month registered, payments (void ones included), voids and the kip of payments not void by the
-- month paid. Each import adds to its rows in its own transaction; a report reads these rows, never the
-- records.
CREATE TABLE report_totals (
    workstation text   NOT NULL,
    month       text   NOT NULL,
    members     bigint NOT NULL,
    payments    bigint NOT NULL,
    voids       bigint NOT NULL,
    kip         bigint NOT NULL,
    PRIMARY KEY (workstation, month)
);

-- The totals of the records already held (member and receipt numbers begin with their issuer's DDDD-WW).
INSERT INTO report_totals (workstation, month, members, payments, voids, kip)
SELECT workstation, month, sum(members), sum(payments), sum(voids), sum(kip)
FROM (
    SELECT left(member_no, 7), left(record->>'registered_on', 7), 1, 0, 0, 0::bigint FROM members
    UNION ALL
    SELECT left(r.receipt_no, 7), left(r.record->>'paid_on', 7), 0, 1,
           CASE WHEN v.receipt_no IS NULL THEN 0 ELSE 1 END,
           CASE WHEN v.receipt_no IS NULL THEN r.total_kip ELSE 0 END
    FROM receipts r LEFT JOIN voids v ON v.receipt_no = r.receipt_no
) AS held (workstation, month, members, payments, voids, kip)
GROUP BY workstation, month;

-- A member's payments are read through `receipts_by_member` (migration 0001); each workstation's last
-- batch through the primary key of `batches`.
