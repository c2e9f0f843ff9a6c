# NSSF Desk: the backup screen, the header's warning and the automatic backup after a day close (English).

## Menu and header
nav-backup = Backups
backup-warning-never = No backup yet
backup-warning-old = Last backup over 7 days ago

## The backup screen
backup-title = Backups
backup-hint = A backup holds all of the office's data, encrypted: if the USB stick is lost, no one can read the members' data without the backup passphrase. After each day close the app writes a backup into the backup folder on its own.
backup-last = Last backup: { $time }
backup-last-file = File: { $file }
backup-never = No backup has been made from the app yet.
backup-overdue = The last backup is more than 7 days old, or there is none: if this computer is lost, what was recorded since is lost with it. Back up now.
backup-now = Back up now
backup-now-into = The backup is written into { $folder }.
backup-now-choose = No backup folder is set: you choose a folder.
backup-made = Backup written: { $file }
backup-removed = { $count } older backups removed to keep the last { $keep }.
backup-needs-key = An admin must set the backup passphrase before backups can be made.

## Backup passphrase (admin)
backup-passphrase-title = Backup passphrase
backup-passphrase-hint = Set once. Making a backup does not need it; restoring or checking any backup does. If it is forgotten, no backup can ever be read: write it down and keep it somewhere safe, apart from the USB stick.
backup-passphrase-is-set = The backup passphrase is set.
backup-field-passphrase = Backup passphrase
backup-field-passphrase-again = Backup passphrase again
backup-passphrase-length = At least { $min } characters.
backup-passphrase-save = Set the passphrase
backup-passphrases-differ = The two passphrases differ.
backup-passphrase-saved = The backup passphrase is set.

## Backup folder (admin)
backup-folder-title = Backup folder
backup-folder-hint = After each day close, the app writes a backup into this folder (a USB stick, say) and keeps only the newest ones, as many as set here; other files in the folder are never touched. Empty: no automatic backup.
backup-field-folder = Folder
backup-choose-folder = Choose folder…
backup-field-keep = Backups kept
backup-settings-save = Save
backup-settings-saved = Backup settings saved.

## After a day close
day-backup-made = Automatic backup written: { $file }
day-backup-failed = The day is closed, but the automatic backup failed:
