# The leaflet "why should I join?" (A5) and the filled-in application form (A4).
leaflet-title = Why join the voluntary social security scheme?
leaflet-lead-member = Prepared for { $name } · member number { $member_no } · printed { $printed }
leaflet-lead-base = For people thinking of joining · printed { $printed }
leaflet-figures-heading = What you pay
leaflet-base-chosen = The monthly income base you chose
leaflet-base-member = Your monthly income base
leaflet-pay-month = You pay a month ({ $rate } of the base)
leaflet-floor = The lowest income base
leaflet-pay-floor = A month at the lowest base
leaflet-ceiling = The highest income base
leaflet-floor-applies = Your base is below today's lowest base: you pay at the lowest base.
leaflet-paying-heading = Paying in advance or catching up
leaflet-advance-title = Several months at once
leaflet-advance-text = Irregular income? You can pay up to { $ahead } months in advance, at most { $per_receipt } months on one receipt. For example, 3 months come to { $three }.
leaflet-catch-up-title = Catching up on arrears
leaflet-catch-up-text = A month not paid becomes arrears. Each payment pays the months in arrears first, oldest first, so you can catch up a little at a time.
leaflet-status-title = Where you stand today
leaflet-status-arrears = { $months ->
    [one] You have { $months } month in arrears: { $arrears } of arrears.
   *[other] You have { $months } months in arrears: { $arrears } of arrears.
}
leaflet-status-paid = You have paid up to { $month } and have no arrears.
leaflet-status-new = You have no arrears. The first month to pay is the month you registered.
leaflet-hospital-heading = Your hospital
leaflet-hospital-member = You are examined and treated at this hospital; your member card names it.
leaflet-hospital-choose = When you register you choose one of the { $count } hospitals under contract with the National Social Security Fund; your member card names it.
leaflet-benefits-heading = What voluntary members receive
leaflet-benefits-default = These are the kinds of benefit of the Law on Social Security. Ask the staff for the conditions and amounts.
leaflet-private-heading = Compared with private insurance
leaflet-private-text = Comparable private cover: about { $private } a month. With the National Social Security Fund you pay { $nssf } a month for all the benefits above.
leaflet-figure-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
leaflet-figure-months = { $count ->
    [one] { $count } month
   *[other] { $count } months
}
leaflet-source-reference = Rates, bases and benefits as in the central office's reference file, issue { $issue } of { $issued }.
leaflet-source-bundled = Rates and bases as bundled with the program: the office has not yet applied a reference file from the central office.
application-form-title = Application for voluntary social security membership
application-form-section-applicant = The applicant
application-form-section-address = Address and contact
application-form-section-contribution = Contribution and hospital
application-form-name-lo = Name (Lao script)
application-form-name-latin = Name (Latin script)
application-form-monthly = Monthly contribution
application-form-declaration = I declare that the information above is correct and true.
application-form-sign-applicant = Applicant's signature or thumbprint
application-form-sign-clerk = Signature of the clerk who took the application
application-form-footer = Printed { $printed } by { $clerk } · print { $print }
leaflet-section = Papers for the applicant
leaflet-print = Print leaflet
application-form-print = Print application form
