# NSSF Desk: texts of the desktop window (Lao). Error texts are in errors.ftl.

## Header and search
app-fund-name-lo = ກອງທຶນປະກັນສັງຄົມແຫ່ງຊາດ
app-fund-name-en = National Social Security Fund
lang-switch = English
lang-switch-label = ປ່ຽນເປັນພາສາອັງກິດ
office-workstation = ເຄື່ອງທີ { $workstation }
search-label = ຊອກຫາສະມາຊິກ
search-placeholder = ຊອກຫາດ້ວຍຊື່ເປັນອັກສອນລາວ ຫຼື ອັກສອນລາແຕັງ, ເລກສະມາຊິກ… (Ctrl+F)
search-none = ບໍ່ພົບສະມາຊິກ
search-matched-number = ເລກສະມາຊິກ
search-matched-document = ເອກະສານຢັ້ງຢືນຕົວຕົນ
search-matched-phone = ເບີໂທ
search-matched-exact = ຊື່ກົງກັນ
search-matched-folded = ຊື່ດຽວກັນ
search-matched-phonetic = ອອກສຽງຄືກັນ
search-matched-cross-script = ຊື່ໃນອັກສອນອື່ນ
search-matched-typo = ຕ່າງກັນໜຶ່ງຕົວອັກສອນ
register-new = ລົງທະບຽນສະມາຊິກໃໝ່
home-title = ຊອກຫາກ່ອນ, ແລ້ວຈຶ່ງລົງທະບຽນ
home-hint = ກວດເບິ່ງວ່າຜູ້ສະໝັກເປັນສະມາຊິກແລ້ວບໍ່ ກ່ອນລົງທະບຽນໃໝ່.
home-key-search = Ctrl+F — ຊອກຫາ
home-key-register = Ctrl+N — ລົງທະບຽນໃໝ່
home-key-escape = Esc — ກັບຄືນ ຫຼື ຍົກເລີກ
unexpected-error = ເກີດຂໍ້ຜິດພາດທີ່ບໍ່ຄາດຄິດ: { $detail }

## First-run setup
setup-title = ຕັ້ງຄ່າຫ້ອງການ
setup-intro = ເລືອກແຂວງ ແລະ ເມືອງຂອງຫ້ອງການ, ແລະ ໃສ່ລະຫັດຂອງເຄື່ອງນີ້. ເຮັດພຽງຄັ້ງດຽວ.
setup-workstation = ລະຫັດເຄື່ອງ
setup-workstation-placeholder = 01–99
setup-workstation-hint = ສອງຕົວເລກ, 01 ຫາ 99, ບໍ່ຊ້ຳກັນພາຍໃນເມືອງດຽວກັນ.
setup-create = ສ້າງຫ້ອງການ
choose = — ເລືອກ —

## Register and amend form
register-title = ລົງທະບຽນສະມາຊິກສະໝັກໃຈ
amend-title = ແກ້ໄຂຂໍ້ມູນສະມາຊິກ { $member_no }
register-keys-hint = Enter — ຊ່ອງຕໍ່ໄປ · Esc — ຍົກເລີກ
section-person = ຂໍ້ມູນສ່ວນຕົວ
section-documents = ເອກະສານຢັ້ງຢືນຕົວຕົນ
section-address = ທີ່ຢູ່ ແລະ ການຕິດຕໍ່
section-work = ອາຊີບ ແລະ ເງິນສົມທົບ
section-dependants = ຜູ້ຢູ່ໃນອຸປະການ
section-consent = ຄວາມເຫັນດີ
section-registration = ການລົງທະບຽນ
register-allow-backdate = ວັນທີລົງທະບຽນຍ້ອນຫຼັງ ໄດ້ຮັບອະນຸຍາດຈາກຫົວໜ້າ
title-mr = ທ້າວ
title-ms = ນາງ
sex-male = ຊາຍ
sex-female = ຍິງ
date-placeholder = ວວ/ດດ/ປປປປ
date-hint = ຕົວຢ່າງ: 07/03/1990
document-id_card = ບັດປະຈຳຕົວ
document-family_book = ປຶ້ມສຳມະໂນຄົວ
document-passport = ໜັງສືຜ່ານແດນ
documents-add = + ເພີ່ມເອກະສານ
row-remove = ລຶບ
phone-placeholder = 020 5555 1234
village-free-text-hint = ລາຍຊື່ບ້ານຂອງເມືອງນີ້ບໍ່ໜ້າເຊື່ອຖື: ກະລຸນາພິມຊື່ບ້ານ.
occupation-home_based = ຜູ້ອອກແຮງງານຢູ່ເຮືອນ
occupation-vendor = ຜູ້ຂາຍເຄື່ອງຕາມຕະຫຼາດ ຫຼື ແຄມທາງ
occupation-farmer = ຊາວກະສິກອນ
occupation-driver = ຄົນຂັບລົດ
occupation-artisan = ຊ່າງຫັດຖະກຳ
occupation-trader = ພໍ່ຄ້າ ແມ່ຄ້າ ຂາຍຍ່ອຍ
occupation-domestic = ຜູ້ເຮັດວຽກບ້ານ
occupation-other = ອື່ນໆ
income-placeholder = ຕົວຢ່າງ: 2500000
contribution-monthly = ເງິນສົມທົບປະຈຳເດືອນ: { $amount } ₭
contribution-range = ຖານຕ່ຳສຸດ { $floor } ₭, ສູງສຸດ { $ceiling } ₭
dependants-add = + ເພີ່ມຜູ້ຢູ່ໃນອຸປະການ
dependants-none = ບໍ່ມີຜູ້ຢູ່ໃນອຸປະການ
relation-spouse = ຄູ່ຄອງ
relation-child = ລູກ
relation-parent = ພໍ່ ຫຼື ແມ່
consent-statement = ຜູ້ສະໝັກໃຫ້ຄວາມເຫັນດີແກ່ ກອງທຶນປະກັນສັງຄົມແຫ່ງຊາດ ໃນການເກັບຮັກສາ ແລະ ນຳໃຊ້ຂໍ້ມູນນີ້ເພື່ອການປະກັນສັງຄົມ.
register-save = ບັນທຶກ ແລະ ອອກເລກສະມາຊິກ
amend-save = ບັນທຶກການແກ້ໄຂ
cancel = ຍົກເລີກ
form-has-problems = ມີ { $count } ຈຸດທີ່ຕ້ອງແກ້ໄຂ.
duplicate-open = ເປີດສະມາຊິກ { $member_no }
duplicate-question = ຜູ້ສະໝັກແມ່ນຄົນອື່ນແທ້ບໍ?
duplicate-confirm = ແມ່ນ, ລົງທະບຽນເປັນສະມາຊິກໃໝ່
discard-question = ປະຖິ້ມຂໍ້ມູນທີ່ພິມໄວ້ບໍ?
discard-yes = ປະຖິ້ມ
discard-no = ສືບຕໍ່ແກ້ໄຂ

## Member page
member-registered = ລົງທະບຽນສຳເລັດ. ກະລຸນາແຈ້ງເລກສະມາຊິກໃຫ້ຜູ້ສະໝັກ.
member-amended = ບັນທຶກການແກ້ໄຂແລ້ວ.
member-correction-filed = ສົ່ງໃຫ້ຫົວໜ້າອະນຸມັດແລ້ວ: ການແກ້ໄຂຊື່, ຄຳນຳໜ້າ, ເພດ, ວັນເດືອນປີເກີດ ຫຼື ເອກະສານ ຈະມີຜົນເມື່ອຫົວໜ້າອະນຸມັດ. ການປ່ຽນແປງອື່ນໆໄດ້ບັນທຶກແລ້ວ.
member-number = ເລກສະມາຊິກ
member-amend = ແກ້ໄຂຂໍ້ມູນ
back-to-search = ກັບໄປຊອກຫາ
kip-amount = { $amount } ₭
member-contribution = ເງິນສົມທົບປະຈຳເດືອນ
member-registered-on = ວັນທີລົງທະບຽນ
member-hospital-withdrawn = ໂຮງໝໍນີ້ບໍ່ຢູ່ໃນລາຍຊື່ໂຮງໝໍທີ່ເຮັດສັນຍາລະດັບຊາດແລ້ວ. ສະມາຊິກຍັງໃຊ້ໂຮງໝໍນີ້ໄດ້ຈົນກວ່າພະນັກງານຈະເລືອກໂຮງໝໍອື່ນໃຫ້.
member-history = ປະຫວັດການປ່ຽນແປງ
history-registered = ລົງທະບຽນ
history-amended = ແກ້ໄຂ
history-correction-requested = ຍື່ນຄຳຮ້ອງແກ້ໄຂ
history-correction-approved = ອະນຸມັດການແກ້ໄຂ
history-settings-changed = ປ່ຽນການຕັ້ງຄ່າ
history-restored = ກູ້ຄືນຈາກສຳຮອງຂໍ້ມູນ
history-recovered = ກູ້ຄືນຈາກສຳນັກງານກາງ
history-backup-passphrase-set = ຕັ້ງລະຫັດຜ່ານສຳຮອງຂໍ້ມູນ
history-backup-made = ສຳຮອງຂໍ້ມູນແລ້ວ
history-application-form-printed = ພິມໃບສະໝັກ
history-correction-rejected = ປະຕິເສດການແກ້ໄຂ

## Navigation and documents
nav-queue = ລາຍຊື່ລໍຖ້າພິມບັດ
nav-day = ປິດບັນຊີປະຈຳວັນ
document-saved = ບັນທຶກແລ້ວ: { $path }

## Photo and card
section-card = ຮູບ ແລະ ບັດສະມາຊິກ
photo-none = ບໍ່ມີຮູບ
photo-take = ຖ່າຍຮູບ
photo-title = ຮູບຂອງສະມາຊິກ
photo-from-file = ຈາກໄຟລ໌…
photo-from-camera = ຈາກກ້ອງ
photo-capture = ຖ່າຍ
photo-camera-unavailable = ບໍ່ສາມາດໃຊ້ກ້ອງໄດ້. ກະລຸນາເລືອກໄຟລ໌ແທນ.
photo-frame-label = ກອບຮູບ: ປຸ່ມລູກສອນເພື່ອຍ້າຍ, + ແລະ - ເພື່ອປັບຂະໜາດ
photo-frame-hint = ຍ້າຍກອບໃຫ້ກົງໃບໜ້າ: ລາກ ຫຼື ໃຊ້ປຸ່ມລູກສອນ (Shift ເພື່ອຍ້າຍໄກຂຶ້ນ); + ແລະ - ຫຼື ມຸມກອບເພື່ອປັບຂະໜາດ.
photo-save = ບັນທຶກຮູບ
photo-saved = ບັນທຶກຮູບແລ້ວ.
card-print = ພິມບັດ
card-none = ຍັງບໍ່ທັນໄດ້ພິມບັດ.
card-issue-line = ບັດອອກຄັ້ງທີ { $issue }
card-reason-first = ບັດທຳອິດ
card-reason-lost = ສູນຫາຍ
card-reason-damaged = ຊຳລຸດ
card-reason-changed = ຂໍ້ມູນປ່ຽນແປງ
card-reprint-title = ເຄີຍພິມບັດແລ້ວ. ພິມໃໝ່ຍ້ອນຫຍັງ?
queue-title = ລາຍຊື່ລໍຖ້າພິມບັດ
queue-hint = ສະມາຊິກທີ່ຍັງບໍ່ທັນໄດ້ພິມບັດ, ຫຼື ຂໍ້ມູນໃນບັດ ຫຼື ຮູບ ມີການປ່ຽນແປງ.
queue-print = ພິມເປັນແຜ່ນ
queue-empty = ບໍ່ມີບັດລໍຖ້າພິມ.
queue-count = ມີສະມາຊິກ { $count } ຄົນລໍຖ້າບັດ.

## The first open after an update (store upgrade, ui/src/upgrade.ts)
upgrade-copying = ກຳລັງປັບປຸງຂໍ້ມູນຂອງຫ້ອງການສຳລັບລຸ້ນນີ້: ສຳເນົາ. ກະລຸນາຢ່າປິດຄອມພິວເຕີ.
upgrade-indexing = ກຳລັງປັບປຸງຂໍ້ມູນຂອງຫ້ອງການສຳລັບລຸ້ນນີ້: ສ້າງການຄົ້ນຫາຄືນໃໝ່. ກະລຸນາຢ່າປິດຄອມພິວເຕີ.
upgrade-finishing = ກຳລັງປັບປຸງຂໍ້ມູນຂອງຫ້ອງການສຳລັບລຸ້ນນີ້: ສຳເລັດ.
