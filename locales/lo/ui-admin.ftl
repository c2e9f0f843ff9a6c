# NSSF Desk: ໜ້າຈໍບັນຊີພະນັກງານ, ບັນທຶກການກວດສອບ ແລະ ຄຳຮ້ອງແກ້ໄຂ (ພາສາລາວ).

## Menu
nav-staff = ບັນຊີພະນັກງານ
nav-audit = ບັນທຶກການກວດສອບ
nav-corrections = ຄຳຮ້ອງແກ້ໄຂ

## Roles
staff-role-clerk = ພະນັກງານລົງທະບຽນ
staff-role-cashier = ພະນັກງານເກັບເງິນ
staff-role-supervisor = ຫົວໜ້າ
staff-role-admin = ຜູ້ດູແລລະບົບ

## Staff accounts
staff-title = ບັນຊີພະນັກງານ
staff-hint = ແຕ່ລະຄົນເຂົ້າສູ່ລະບົບດ້ວຍບັນຊີຂອງຕົນເອງ. ບັນຊີທີ່ຖືກປິດການນຳໃຊ້ຍັງເກັບໄວ້ ເພື່ອໃຫ້ບັນທຶກການກວດສອບບອກໄດ້ວ່າໃຜເຮັດຫຍັງ.
staff-col-id = ລະຫັດພະນັກງານ
staff-col-name = ຊື່
staff-col-roles = ບົດບາດ
staff-col-state = ສະຖານະ
staff-col-actions = ການດຳເນີນການ
staff-state-active = ໃຊ້ງານຢູ່
staff-state-disabled = ປິດການນຳໃຊ້ແລ້ວ
staff-state-locked = ຖືກລັອກຈົນຮອດ { $time }
staff-state-must-change = ຕ້ອງຕັ້ງລະຫັດຜ່ານໃໝ່
staff-none = ຍັງບໍ່ມີບັນຊີພະນັກງານ.
staff-disable = ປິດການນຳໃຊ້
staff-unlock = ປົດລັອກ
staff-reset = ຕັ້ງລະຫັດຜ່ານໃໝ່
staff-disable-question = ປິດການນຳໃຊ້ບັນຊີ { $id } ບໍ? ຜູ້ນີ້ຈະເຂົ້າສູ່ລະບົບບໍ່ໄດ້ອີກ; ສິ່ງທີ່ເຄີຍເຮັດຍັງຢູ່ໃນບັນທຶກການກວດສອບ.
staff-disable-yes = ປິດການນຳໃຊ້ບັນຊີ
staff-add-title = ເພີ່ມບັນຊີພະນັກງານ
staff-field-id = ລະຫັດພະນັກງານ
staff-field-id-hint = 2 ຫາ 32 ຕົວອັກສອນ: a–z, 0–9, ຈຸດ, ຂີດກ້ອງ ຫຼື ຂີດຕໍ່. ລະຫັດພະນັກງານຈະບໍ່ຖືກໃຫ້ຄົນອື່ນອີກ.
staff-field-name = ຊື່ທີ່ພິມໃສ່ໃບຮັບເງິນ
staff-field-roles = ບົດບາດ
staff-field-password = ລະຫັດຜ່ານ
staff-field-password-again = ລະຫັດຜ່ານອີກຄັ້ງ
staff-password-hint = ຢ່າງໜ້ອຍ { $min } ຕົວອັກສອນ.
staff-passwords-differ = ລະຫັດຜ່ານທັງສອງບໍ່ຄືກັນ.
staff-add = ເພີ່ມບັນຊີ
staff-added = ເພີ່ມບັນຊີພະນັກງານ { $id } ແລ້ວ.
staff-disabled = ບັນຊີພະນັກງານ { $id } ຖືກປິດການນຳໃຊ້ແລ້ວ.
staff-unlocked = ປົດລັອກບັນຊີພະນັກງານ { $id } ແລ້ວ.
staff-reset-title = ລະຫັດຜ່ານໃໝ່ຂອງ { $id }
staff-reset-hint = ຜູ້ນີ້ຕ້ອງຕັ້ງລະຫັດຜ່ານຂອງຕົນເອງ ໃນການເຂົ້າສູ່ລະບົບຄັ້ງຕໍ່ໄປ.
staff-reset-save = ຕັ້ງລະຫັດຜ່ານ
staff-password-reset = ຕັ້ງລະຫັດຜ່ານຂອງ { $id } ໃໝ່ແລ້ວ: ການເຂົ້າສູ່ລະບົບຄັ້ງຕໍ່ໄປຕ້ອງປ່ຽນລະຫັດຜ່ານ.

## Audit trail
audit-title = ບັນທຶກການກວດສອບ
audit-hint = ທຸກການປ່ຽນແປງ ແລະ ທຸກການພິມທີ່ເຮັດຢູ່ເຄື່ອງນີ້, ແຕ່ລະລາຍການຕໍ່ກັບລາຍການກ່ອນໜ້າເປັນລະບົບຕ່ອງໂສ້.
audit-filter-person = ຜູ້ເຮັດ (ລະຫັດພະນັກງານ)
audit-filter-from = ແຕ່ວັນທີ
audit-filter-to = ຮອດວັນທີ
audit-filter-kind = ປະເພດ
audit-kind-all = ທຸກປະເພດ
audit-show = ສະແດງ
audit-check = ກວດລະບົບຕ່ອງໂສ້
audit-col-seq = ລຳດັບ
audit-col-time = ເວລາ
audit-col-person = ຜູ້ເຮັດ
audit-col-action = ການກະທຳ
audit-col-record = ຂໍ້ມູນ
audit-col-detail = ລາຍລະອຽດ
audit-none = ບໍ່ມີລາຍການທີ່ກົງກັນ.
audit-count =
    { $count ->
       *[other] { $count } ລາຍການ.
    }
audit-intact =
    { $count ->
       *[other] ລະບົບຕ່ອງໂສ້ຄົບຖ້ວນ: { $count } ລາຍການ, ບໍ່ມີລາຍການໃດຖືກແກ້ໄຂ, ລຶບ ຫຼື ສັບປ່ຽນລຳດັບ.
    }
audit-broken = ລະບົບຕ່ອງໂສ້ຂາດຕອນທີ່ລາຍການ { $seq }:
audit-range-invalid = ວັນທີເລີ່ມຕົ້ນ { $from } ແມ່ນຫຼັງວັນທີສຸດທ້າຍ { $to }.
audit-action-registered = ລົງທະບຽນ
audit-action-amended = ແກ້ໄຂ
audit-action-paid = ຮັບການຈ່າຍເງິນ
audit-action-voided = ຍົກເລີກໃບຮັບເງິນ
audit-action-base-changed = ປ່ຽນຖານລາຍຮັບ
audit-action-receipt-printed = ພິມໃບຮັບເງິນ
audit-action-day-closed = ປິດບັນຊີປະຈຳວັນ
audit-action-photo = ປ່ຽນຮູບ
audit-action-card-issued = ພິມບັດ
audit-action-central-key-replaced = ປ່ຽນກະແຈຂອງສຳນັກງານກາງ
audit-action-statement-printed = ພິມໃບແຈ້ງການຈ່າຍເງິນສົມທົບ
audit-action-day-sheet-printed = ພິມໃບສະຫຼຸບປະຈຳວັນ
audit-action-batch-written = ຂຽນຊຸດຂໍ້ມູນປະຈຳອາທິດ
audit-action-batch-written-again = ຂຽນຊຸດຂໍ້ມູນປະຈຳອາທິດຄືນໃໝ່
audit-action-staff-added = ເພີ່ມບັນຊີພະນັກງານ
audit-action-staff-disabled = ປິດການນຳໃຊ້ບັນຊີພະນັກງານ
audit-action-staff-unlocked = ປົດລັອກບັນຊີພະນັກງານ
audit-action-password-reset = ຕັ້ງລະຫັດຜ່ານໃໝ່
audit-action-password-changed = ປ່ຽນລະຫັດຜ່ານ
audit-action-sign-in-failed = ເຂົ້າສູ່ລະບົບບໍ່ສຳເລັດ
audit-action-signed-in = ເຂົ້າສູ່ລະບົບ
audit-action-correction-requested = ຍື່ນຄຳຮ້ອງແກ້ໄຂ
audit-action-correction-approved = ອະນຸມັດການແກ້ໄຂ
audit-action-settings-changed = ປ່ຽນການຕັ້ງຄ່າ
audit-action-restored = ກູ້ຄືນຈາກສຳຮອງຂໍ້ມູນ
audit-action-recovered = ກູ້ຄືນຈາກສຳນັກງານກາງ
audit-action-backup-passphrase-set = ຕັ້ງລະຫັດຜ່ານສຳຮອງຂໍ້ມູນ
audit-action-backup-made = ສຳຮອງຂໍ້ມູນແລ້ວ
audit-action-application-form-printed = ພິມໃບສະໝັກ
audit-action-correction-rejected = ປະຕິເສດການແກ້ໄຂ
audit-detail-receipt = ໃບຮັບເງິນ
audit-detail-photo = ຮູບ
audit-detail-card = ບັດ
audit-detail-void = ການຍົກເລີກ
audit-detail-prints = ຈຳນວນຄັ້ງທີ່ພິມ
audit-detail-sha256 = SHA-256
audit-detail-fingerprint = ລາຍນິ້ວມືກະແຈ
audit-detail-active = ໃຊ້ງານຢູ່
audit-detail-failed_attempts = ລະຫັດຜ່ານຜິດ
audit-detail-locked_until = ຖືກລັອກຈົນຮອດ
audit-detail-roles = ບົດບາດ
audit-detail-name = ຊື່

## Corrections
corrections-title = ຄຳຮ້ອງແກ້ໄຂທີ່ລໍຖ້າອະນຸມັດ
corrections-hint = ພະນັກງານໄດ້ຂໍແກ້ໄຂຊື່, ຄຳນຳໜ້າ, ເພດ, ວັນເດືອນປີເກີດ ຫຼື ເອກະສານຂອງສະມາຊິກ. ຂໍ້ມູນສະມາຊິກຈະປ່ຽນກໍ່ຕໍ່ເມື່ອຫົວໜ້າອະນຸມັດ; ບໍ່ມີໃຜຕັດສິນຄຳຮ້ອງຂອງຕົນເອງໄດ້.
corrections-none = ບໍ່ມີຄຳຮ້ອງແກ້ໄຂທີ່ລໍຖ້າຢູ່.
corrections-item = ຄຳຮ້ອງແກ້ໄຂເລກທີ { $id }
corrections-requested = ຍື່ນໂດຍ { $staff } ເວລາ { $time }
corrections-note = ໝາຍເຫດ: { $note }
corrections-approve = ອະນຸມັດ
corrections-reject = ປະຕິເສດ
corrections-reject-title = ປະຕິເສດຄຳຮ້ອງແກ້ໄຂນີ້
corrections-reason = ເຫດຜົນ ສຳລັບພະນັກງານທີ່ຍື່ນຄຳຮ້ອງ
corrections-approved = ອະນຸມັດຄຳຮ້ອງແກ້ໄຂເລກທີ { $id } ແລ້ວ: ສະມາຊິກ { $member_no } ມີຂໍ້ມູນໃໝ່ແລ້ວ.
corrections-rejected = ປະຕິເສດຄຳຮ້ອງແກ້ໄຂເລກທີ { $id } ແລ້ວ.
corrections-open-member = ເປີດຂໍ້ມູນສະມາຊິກ
corrections-status-pending = ລໍຖ້າຫົວໜ້າອະນຸມັດ
corrections-status-approved = ອະນຸມັດແລ້ວ
corrections-status-rejected = ປະຕິເສດແລ້ວ

## Member page
member-corrections = ຄຳຮ້ອງແກ້ໄຂ
member-correction-waiting = ມີຄຳຮ້ອງແກ້ໄຂຂອງສະມາຊິກນີ້ລໍຖ້າຫົວໜ້າອະນຸມັດ: ຂໍ້ມູນຍັງເປັນຄ່າເກົ່າຈົນກວ່າຈະອະນຸມັດ.
member-correction-decided = ຕັດສິນໂດຍ { $staff } ເວລາ { $time }
member-correction-reason = ເຫດຜົນ: { $reason }
