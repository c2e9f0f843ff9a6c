card-fund-name = National Social Security Fund
card-title = Member card
card-label-member-no = Member no.
card-label-date-of-birth = Date of birth
card-label-hospital = Hospital
card-label-issued = Issued
card-label-issue = Issue
card-check-valid = valid { $member_no }
