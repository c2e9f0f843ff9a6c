# Help: the header's Help menu, About, Diagnostics (the support file for the central office's IT) and the
# screen shown when the program itself fails (docs/support.md).

help-menu = Help
help-about = About NSSF Desk
help-diagnostics = Diagnostics
help-close = Close
help-never = never
help-unknown = not known

about-title = About NSSF Desk
about-lead = NSSF Desk registers voluntary members of the National Social Security Fund and takes their contributions.
about-version-label = Version
about-office = Office
about-office-code = Office code
about-workstation = Workstation
about-no-office = no office set up on this PC yet
about-data-folder = Data folder
about-log-folder = Log folder
about-licences-title = Fonts and data included, with their licences
about-licence-what = Included
about-licence-licence = Licence
about-licence-file = Licence text

diagnostics-title = Diagnostics
diagnostics-lead = When you call the central office's IT, save this file and send it to them: it tells them which version runs here, on which system, and how the data folder, the weekly export and the backups stand.
diagnostics-private = The file holds no member's name, phone or ID document: only counts, dates, member numbers and error codes.
diagnostics-system = System
diagnostics-folder-size = Size of the data folder
diagnostics-schema = Data version (schema)
diagnostics-members = Members on this workstation
diagnostics-staff = Staff accounts
diagnostics-last-batch = Last batch written
diagnostics-batch-line = batch { $batch }, { $when }
diagnostics-last-ack = Last acknowledgement imported
diagnostics-pending = Changes not yet acknowledged
diagnostics-last-backup = Last good backup
diagnostics-open-error = Why the data folder did not open
diagnostics-recent-errors = Recent errors in the log
diagnostics-no-errors = none
diagnostics-save = Save the diagnostics file…
diagnostics-saved = Saved: { $path }
diagnostics-not-saved = Not saved.

crash-title = Something went wrong
crash-lead = NSSF Desk met a problem it could not handle. This is not something you did. What was saved before is kept; what you were typing may be lost.
crash-step-note = Write down what you were doing when this appeared.
crash-step-restart = Press “Start again”. If you can work again, carry on.
crash-step-call = If it happens again, press “Save the diagnostics file”, then call the central office's IT and send them the file.
crash-save = Save the diagnostics file…
crash-restart = Start again
crash-save-failed = The diagnostics file could not be saved. Close NSSF Desk, open it again and use Help > Diagnostics.
