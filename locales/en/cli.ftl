cli-initialised = Office { $district } ({ $district_name }), workstation { $workstation }: data folder created at { $path }.
cli-problem-line = { $field }: { $message }
cli-duplicate-hint = Run again with --confirm-duplicate to register anyway.
cli-demo-progress = Registering demo members
cli-demo-done = { $count } demo members added.
cli-bad-json = The registration JSON cannot be read: { $detail }
cli-file-unreadable = The file { $path } cannot be read: { $detail }
cli-unknown-office = There is no district with code { $value } in the gazetteer.
