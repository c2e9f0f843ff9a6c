# The weekly batch: office export and acknowledgement, central verify and import (nssf-desk, crates/exchange).

exchange-exported = Batch { $batch } written: changes { $first } to { $last } ({ $changes } changes not yet acknowledged).
exchange-held-back = { $count } more changes did not fit in this batch: export again after importing its acknowledgement.
exchange-pending = { $changes } changes not yet acknowledged, { $kip } kip of payments among them.
exchange-central-key-installed = The central office's key is installed; batches are encrypted to it from now on.
exchange-central-key-already-installed = This central office key is already installed; nothing changed.
exchange-central-key-replaced = The central office's key is replaced (the old key's fingerprint was { $previous }); batches are encrypted to the new key from now on.
exchange-ack-applied = Acknowledgement of batch { $batch } applied: { $accepted } accepted, { $duplicate } already known, { $rejected } rejected.
exchange-ack-already-applied = The acknowledgement of batch { $batch } was already applied; nothing changed ({ $accepted } accepted, { $duplicate } already known, { $rejected } rejected).
exchange-rejected-line = Rejected: change { $seq } ({ $key }): { $reason }
exchange-central-initialised = Central store and key pair created in { $path }.
exchange-trusted = The key of workstation { $office } is now trusted.
exchange-trust-unchanged = This key of workstation { $office } was already trusted; nothing changed.
exchange-trust-succeeds = The key of workstation { $office } is now trusted; it takes the place of { $predecessor }, which is retired: batches of { $predecessor } are refused from now on.
exchange-trust-replaced = The key of workstation { $office } is replaced; its sequence of batches goes on.
exchange-imported = Batch { $batch } of { $office } imported: { $accepted } accepted, { $duplicate } already known, { $rejected } rejected.
exchange-audit-intact = The audit trail of { $office } extends the chain held here without a break: it now ends at entry { $seq }.
exchange-audit-none = Batch { $batch } of { $office } is of the first format version: it carries no audit trail.
exchange-audit-broken = The audit trail of { $office } does not extend the chain held here: entry { $seq } { $why } The records of batch { $batch } were imported all the same.
exchange-audit-why-edited = was changed after it was written.
exchange-audit-why-missing = is missing: it was deleted at the workstation.
exchange-audit-why-out-of-order = does not follow the entry before it: entries were reordered, or one was inserted.
exchange-audit-why-rewritten = is not the one held here: the workstation's trail was rewritten.
exchange-stats = { $members } members, { $payments } payments, { $kip } kip, { $batches } batches.
reference-issued = Reference file issue { $issue } written: { $path }
reference-applied = Reference issue { $issue } applied: { $rows } schedule rows, { $hospitals } hospitals, { $benefits } benefits.
reference-already-applied = Reference issue { $issue } is already in force: nothing changed.

exchange-reason-undecodable = the record cannot be read
exchange-reason-other-office = the number belongs to another office or workstation
exchange-reason-unknown-member = the member is not known to the central office
exchange-reason-total-mismatch = the receipt's lines do not add up to its total
exchange-reason-unknown-receipt = the receipt is not known to the central office
