# NSSF Desk: the reports screen and the arrears list for calling members (English). Table and chart headings
# come from reports.ftl.

## Menu
nav-reports = Reports
nav-arrears = Arrears list

## The reports screen
reports-title = Registrations and contributions
reports-hint = Choose a period: a week, a month, or your own days (DD/MM/YYYY; Lao digits work too).
reports-period = Period
reports-period-week = Week
reports-period-month = Month
reports-period-custom = Choose the days
reports-day = A day in the period (empty: today)
reports-from = From
reports-to = To
reports-show = Show the report
reports-day-missing = Please type a day.
reports-period-shown = Period: { $from } to { $to }
reports-save-pdf = Save as PDF
reports-save-csv = Save as CSV
reports-active = Members paying regularly
reports-lapsed = Lapsed members ({ $months } or more months in arrears)
reports-chart-members = All members at the end of the period
reports-chart-months-registrations = New registrations per month
reports-chart-months-kip = Contributions received per month
reports-chart-villages = Contributions received per village
reports-col-month = Month
reports-col-method = Payment method
reports-col-members = Members
reports-col-count = People
reports-col-sex = Sex
reports-col-age = Age group (years)
reports-col-occupation = Occupation
reports-no-villages = No registration or payment in this period.

## The admin's setting: when a member counts as lapsed
reports-lapsed-hint = In the reports, a member with this many months in arrears or more counts as lapsed. Only an admin can change it.
reports-lapsed-setting = Lapsed from this many months in arrears (1 to 36)
reports-lapsed-save = Save the setting
reports-lapsed-number = Please type the number of months in digits.
reports-lapsed-saved = Saved: a member is lapsed from { $months } months in arrears.

## The arrears list
arrears-list-title = Members in arrears
arrears-list-hint = Members with at least the chosen months in arrears, by village, to call or to send an SMS. The call sheet (PDF) has boxes to tick: called, reached, promised to pay.
arrears-list-min = At least this many months in arrears
arrears-list-min-invalid = The number of months must be digits (typed: { $value }).
arrears-list-village = Village
arrears-list-all-villages = Every village
arrears-list-show = Show the list
arrears-list-save-pdf = Save the call sheet (PDF)
arrears-list-save-csv = Save CSV for SMS
arrears-list-count = { $count } members, { $kip } kip of arrears in all
arrears-list-village-heading = { $village } ({ $code }) · { $count } members · arrears { $kip } kip
