# NSSF Desk: contributions on the member page, and the day close (English).

## Coverage
section-contributions = Contributions
arrears-months = Months in arrears
arrears-total = Arrears
due-this-month = Due this month
to-pay-now = To pay now (arrears + this month)
paid-through = Paid through
paid-through-none = Nothing paid yet
month-covered = paid
month-unpaid = unpaid
month-future = not yet due
month-floor = floor applied
method-cash = Cash
method-bank = Bank transfer
method-mobile = Mobile money

## Payment
pay-take = Take payment
pay-title = Take a payment
pay-next = Next
pay-next-months = months (arrears first)
pay-range = From
pay-range-to = to
pay-skip-warning = { $count ->
        [one] One earlier month stays unpaid ({ $month }).
       *[other] { $count } earlier months stay unpaid, from { $month }.
    }
pay-skip-arrears = Leave them unpaid and pay this range
pay-allow-backdate = Allow a date further back (supervisor)
pay-reference-hint = Required for bank and mobile-money payments.
pay-confirm = Pay
quote-base = base { $amount } ₭
quote-total =
    { $count ->
        [one] Total for one month
       *[other] Total for { $count } months
    }
receipt-issued = Receipt issued:
receipt-print-a5 = Print receipt (A5)
receipt-print-roll = Print receipt (80 mm roll)
receipt-format-title = Paper
receipt-format-a5 = A5 (member’s and office’s copy on one A4 page)
receipt-format-roll = 80 mm roll
receipt-print = Print
statement-print = Print statement

## Receipts
receipts-title = Receipts
receipts-none = No receipt yet.
receipt-number = Receipt
receipt-amount = Amount
receipt-reprint = Reprint
receipt-void = Void
receipt-void-badge = VOID
receipt-voided = Receipt { $receipt_no } is void; its months are unpaid again.
void-title = Void a receipt
void-question = The receipt stays on file marked VOID, and its months become unpaid.
void-confirm = Void this receipt? This cannot be undone.

## Day close
day-page-title = Day of { $date }
day-receipts = Receipts
day-cash-drawer = Cash expected in the drawer
day-voided = Voided
day-by-method = Totals by payment method
day-receipt-list = Receipts of the day
day-void-list = Voids of the day
day-nothing = Nothing received yet today.
day-no-voids = No void today.
day-close = Close day
day-close-question = Close the day? No payment or void can be dated into it afterwards.
day-closed = The day is closed.
day-print = Print day sheet
