# NSSF Desk: texts of the desktop window (English). Error texts are in errors.ftl.

## Header and search
app-fund-name-lo = ກອງທຶນປະກັນສັງຄົມແຫ່ງຊາດ
app-fund-name-en = National Social Security Fund
lang-switch = ພາສາລາວ
lang-switch-label = Switch to Lao
office-workstation = Workstation { $workstation }
search-label = Search members
search-placeholder = Search by name in Lao or Latin script, member number… (Ctrl+F)
search-none = No member found
search-matched-number = member number
search-matched-document = ID document
search-matched-phone = phone
search-matched-exact = exact name
search-matched-folded = same name
search-matched-phonetic = sounds alike
search-matched-cross-script = name in the other script
search-matched-typo = one letter differs
register-new = Register new member
home-title = Search first, then register
home-hint = Check whether the applicant is already a member before registering them.
home-key-search = Ctrl+F — search
home-key-register = Ctrl+N — new registration
home-key-escape = Esc — back or cancel
unexpected-error = Unexpected error: { $detail }

## First-run setup
setup-title = Set up this office
setup-intro = Choose the office's province and district, and enter this computer's workstation code. This is done once.
setup-workstation = Workstation code
setup-workstation-placeholder = 01–99
setup-workstation-hint = Two digits, 01 to 99, unique within the district.
setup-create = Create office
choose = — choose —

## Register and amend form
register-title = Register a voluntary member
amend-title = Amend member { $member_no }
register-keys-hint = Enter — next field · Esc — cancel
section-person = Person
section-documents = ID documents
section-address = Contact and address
section-work = Work and contribution
section-dependants = Dependants
section-consent = Consent
section-registration = Registration
register-allow-backdate = Earlier registration date allowed by a supervisor
title-mr = Mr
title-ms = Ms
sex-male = Male
sex-female = Female
date-placeholder = dd/mm/yyyy
date-hint = For example 07/03/1990
document-id_card = ID card
document-family_book = Family book
document-passport = Passport
documents-add = + Add document
row-remove = Remove
phone-placeholder = 020 5555 1234
village-free-text-hint = This district's village list is unreliable: type the village name.
occupation-home_based = Home-based worker
occupation-vendor = Street or market vendor
occupation-farmer = Farmer
occupation-driver = Driver
occupation-artisan = Artisan
occupation-trader = Small trader
occupation-domestic = Domestic worker
occupation-other = Other
income-placeholder = For example 2500000
contribution-monthly = Monthly contribution: { $amount } ₭
contribution-range = Base from { $floor } ₭ to { $ceiling } ₭
dependants-add = + Add dependant
dependants-none = No dependants
relation-spouse = Spouse
relation-child = Child
relation-parent = Parent
consent-statement = The applicant consents to the National Social Security Fund keeping and using this information for social security.
register-save = Save and issue member number
amend-save = Save changes
cancel = Cancel
form-has-problems =
    { $count ->
        [one] One field needs correcting.
       *[other] { $count } fields need correcting.
    }
duplicate-open = Open member { $member_no }
duplicate-question = Is the applicant really a different person?
duplicate-confirm = Yes, register as a new member
discard-question = Discard what was typed?
discard-yes = Discard
discard-no = Keep editing

## Member page
member-registered = Registered. Give the applicant their member number.
member-amended = Changes saved.
member-correction-filed = Sent for a supervisor's approval: the changes to names, title, sex, date of birth or documents apply once a supervisor approves them. Any other changes are saved.
member-number = Member number
member-amend = Amend
back-to-search = Back to search
kip-amount = { $amount } ₭
member-contribution = Monthly contribution
member-registered-on = Registered on
member-hospital-withdrawn = This hospital has left the national list of contracted hospitals. The member keeps it until a clerk chooses another.
member-history = History
history-registered = Registered
history-amended = Amended
history-correction-requested = Correction requested
history-correction-approved = Correction approved
history-settings-changed = Settings changed
history-restored = Restored from a backup
history-recovered = Recovered from the central office
history-backup-passphrase-set = Backup passphrase set
history-backup-made = Backup made
history-application-form-printed = Application form printed
history-correction-rejected = Correction rejected

## Navigation and documents
nav-queue = Card print queue
nav-day = Day close
document-saved = Saved: { $path }

## Photo and card
section-card = Photo and card
photo-none = No photo
photo-take = Take photo
photo-title = Member photo
photo-from-file = From a file…
photo-from-camera = From the camera
photo-capture = Capture
photo-camera-unavailable = The camera cannot be used. Choose a file instead.
photo-frame-label = Photo frame: arrow keys move it, + and - resize it
photo-frame-hint = Move the frame over the face: drag it or use the arrow keys (Shift for bigger steps); + and - or its corner resize it.
photo-save = Save photo
photo-saved = Photo saved.
card-print = Print card
card-none = No card printed yet.
card-issue-line = Card issue { $issue }
card-reason-first = first card
card-reason-lost = lost
card-reason-damaged = damaged
card-reason-changed = details changed
card-reprint-title = A card was printed before. Why is it printed again?
queue-title = Card print queue
queue-hint = Members whose card has never been printed, or whose card details or photo changed since.
queue-print = Print sheet
queue-empty = No card is waiting to be printed.
queue-count =
    { $count ->
        [one] One member waits for a card.
       *[other] { $count } members wait for a card.
    }

## The first open after an update (store upgrade, ui/src/upgrade.ts)
upgrade-copying = Upgrading the office's data for this version: copying. Do not switch off the PC.
upgrade-indexing = Upgrading the office's data for this version: rebuilding the search. Do not switch off the PC.
upgrade-finishing = Upgrading the office's data for this version: finishing.
