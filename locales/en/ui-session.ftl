# NSSF Desk: signing in, the lock screen, the password change and the first admin account (English).
# Role names and the staff account fields are in ui-admin.ftl (staff-role-*, staff-field-*).

## Sign-in
signin-title = Sign in
signin-intro = Enter your staff ID and your password.
signin-staff-id = Staff ID
signin-password = Password
signin-submit = Sign in

## Header
session-switch-user = Switch user
session-lock = Lock
session-sign-out = Sign out
session-key-lock = Ctrl+L — lock the screen

## Lock screen
lock-title = The screen is locked
lock-who = Locked for { $name } ({ $staff_id }). Enter { $name }’s password to continue, or sign out to let someone else in.
lock-unlock = Unlock

## Password change after an admin's reset
password-title = Choose a new password
password-intro = { $name }, an admin reset your password. Choose a new one that only you know before you start work.
password-current = Current password
password-new = New password
password-new-hint = At least { $min } characters.
password-again = New password again
password-submit = Save the new password
session-password-mismatch = The two passwords are not the same.

## First run: the first admin account
first-admin-title = The first admin account
first-admin-intro = Everyone signs in with their own account. The first account is an admin’s, who then adds the accounts of the other staff.
first-admin-roles-hint = The first account is always an admin; tick the other roles this person also works in.
first-admin-create = Create the account and sign in
