# NSSF Desk: the window's staff admin, audit trail and corrections screens (English).

## Menu
nav-staff = Staff accounts
nav-audit = Audit trail
nav-corrections = Corrections

## Roles
staff-role-clerk = Clerk
staff-role-cashier = Cashier
staff-role-supervisor = Supervisor
staff-role-admin = Admin

## Staff accounts
staff-title = Staff accounts
staff-hint = Each person signs in with their own account. A disabled account is kept, so that the audit trail still says who did what.
staff-col-id = Staff ID
staff-col-name = Name
staff-col-roles = Roles
staff-col-state = State
staff-col-actions = Actions
staff-state-active = Active
staff-state-disabled = Disabled
staff-state-locked = Locked until { $time }
staff-state-must-change = Must choose a new password
staff-none = No staff account yet.
staff-disable = Disable
staff-unlock = Unlock
staff-reset = Reset password
staff-disable-question = Disable the account { $id }? The person can no longer sign in; what they did stays in the audit trail.
staff-disable-yes = Disable the account
staff-add-title = Add a staff account
staff-field-id = Staff ID
staff-field-id-hint = 2 to 32 characters: a–z, 0–9, dot, underscore or hyphen. A staff ID is never given to anyone else.
staff-field-name = Name, as printed on receipts
staff-field-roles = Roles
staff-field-password = Password
staff-field-password-again = Password again
staff-password-hint = At least { $min } characters.
staff-passwords-differ = The two passwords are not the same.
staff-add = Add the account
staff-added = Staff account { $id } added.
staff-disabled = Staff account { $id } is disabled.
staff-unlocked = Staff account { $id } is unlocked.
staff-reset-title = New password for { $id }
staff-reset-hint = The person must choose their own password at the next sign-in.
staff-reset-save = Set the password
staff-password-reset = The password of { $id } is reset: a new one must be chosen at the next sign-in.

## Audit trail
audit-title = Audit trail
audit-hint = Every change and every print made at this workstation, each entry chained to the one before it.
audit-filter-person = Person (staff ID)
audit-filter-from = From day
audit-filter-to = To day
audit-filter-kind = Kind
audit-kind-all = All kinds
audit-show = Show
audit-check = Check the chain
audit-col-seq = No.
audit-col-time = Time
audit-col-person = Person
audit-col-action = Action
audit-col-record = Record
audit-col-detail = Detail
audit-none = No entry matches.
audit-count =
    { $count ->
        [one] One entry.
       *[other] { $count } entries.
    }
audit-intact =
    { $count ->
        [one] The chain is intact: one entry, none changed, deleted or reordered.
       *[other] The chain is intact: { $count } entries, none changed, deleted or reordered.
    }
audit-broken = The chain breaks at entry { $seq }:
audit-range-invalid = The first day { $from } is after the last day { $to }.
audit-action-registered = Registered
audit-action-amended = Amended
audit-action-paid = Payment taken
audit-action-voided = Receipt voided
audit-action-base-changed = Income base changed
audit-action-receipt-printed = Receipt printed
audit-action-day-closed = Day closed
audit-action-photo = Photo changed
audit-action-card-issued = Card printed
audit-action-central-key-replaced = Central office's key replaced
audit-action-statement-printed = Statement printed
audit-action-day-sheet-printed = Day sheet printed
audit-action-batch-written = Weekly batch written
audit-action-batch-written-again = Weekly batch written again
audit-action-staff-added = Staff account added
audit-action-staff-disabled = Staff account disabled
audit-action-staff-unlocked = Staff account unlocked
audit-action-password-reset = Password reset
audit-action-password-changed = Password changed
audit-action-sign-in-failed = Sign-in failed
audit-action-signed-in = Signed in
audit-action-correction-requested = Correction requested
audit-action-correction-approved = Correction approved
audit-action-settings-changed = Settings changed
audit-action-restored = Restored from a backup
audit-action-recovered = Recovered from the central office
audit-action-backup-passphrase-set = Backup passphrase set
audit-action-backup-made = Backup made
audit-action-application-form-printed = Application form printed
audit-action-correction-rejected = Correction rejected
audit-detail-receipt = Receipt
audit-detail-photo = Photo
audit-detail-card = Card
audit-detail-void = Void
audit-detail-prints = Prints
audit-detail-sha256 = SHA-256
audit-detail-fingerprint = Fingerprint
audit-detail-active = Active
audit-detail-failed_attempts = Wrong passwords
audit-detail-locked_until = Locked until
audit-detail-roles = Roles
audit-detail-name = Name

## Corrections
corrections-title = Corrections waiting for approval
corrections-hint = A clerk asked to change a member's names, title, sex, date of birth or documents. The member record changes only when a supervisor approves; nobody decides their own request.
corrections-none = No correction is waiting.
corrections-item = Correction { $id }
corrections-requested = Asked by { $staff } on { $time }
corrections-note = Note: { $note }
corrections-approve = Approve
corrections-reject = Reject
corrections-reject-title = Reject this correction
corrections-reason = Reason, for the clerk who asked
corrections-approved = Correction { $id } approved: member { $member_no } carries the new details.
corrections-rejected = Correction { $id } rejected.
corrections-open-member = Open the member
corrections-status-pending = Waiting for a supervisor
corrections-status-approved = Approved
corrections-status-rejected = Rejected

## Member page
member-corrections = Corrections
member-correction-waiting = A correction of this member waits for a supervisor's approval: the record keeps the old values until then.
member-correction-decided = Decided by { $staff } on { $time }
member-correction-reason = Reason: { $reason }
