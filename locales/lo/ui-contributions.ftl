# NSSF Desk: contributions on the member page, and the day close (Lao).

## Coverage
section-contributions = ເງິນສົມທົບ
arrears-months = ຈຳນວນເດືອນທີ່ຄ້າງຈ່າຍ
arrears-total = ເງິນຄ້າງຈ່າຍ
due-this-month = ຕ້ອງຈ່າຍເດືອນນີ້
to-pay-now = ຕ້ອງຈ່າຍດຽວນີ້ (ເງິນຄ້າງຈ່າຍ + ເດືອນນີ້)
paid-through = ຈ່າຍແລ້ວຮອດ
paid-through-none = ຍັງບໍ່ໄດ້ຈ່າຍ
month-covered = ຈ່າຍແລ້ວ
month-unpaid = ຍັງບໍ່ຈ່າຍ
month-future = ຍັງບໍ່ຮອດກຳນົດ
month-floor = ໃຊ້ຖານຕ່ຳສຸດ
method-cash = ເງິນສົດ
method-bank = ໂອນຜ່ານທະນາຄານ
method-mobile = ເງິນມືຖື

## Payment
pay-take = ຮັບເງິນ
pay-title = ຮັບເງິນສົມທົບ
pay-next = ຈ່າຍ
pay-next-months = ເດືອນຕໍ່ໄປ (ເງິນຄ້າງຈ່າຍກ່ອນ)
pay-range = ແຕ່
pay-range-to = ຫາ
pay-skip-warning = ຍັງມີ { $count } ເດືອນກ່ອນໜ້າທີ່ຈະຍັງບໍ່ໄດ້ຈ່າຍ ເລີ່ມແຕ່ { $month }.
pay-skip-arrears = ປະໄວ້ບໍ່ຈ່າຍ ແລະ ຈ່າຍຊ່ວງນີ້
pay-allow-backdate = ອະນຸຍາດວັນທີຍ້ອນຫຼັງ (ຫົວໜ້າ)
pay-reference-hint = ຕ້ອງໃສ່ສຳລັບການໂອນທະນາຄານ ແລະ ເງິນມືຖື.
pay-confirm = ຈ່າຍ
quote-base = ຖານ { $amount } ₭
quote-total = ລວມ { $count } ເດືອນ
receipt-issued = ອອກໃບຮັບເງິນແລ້ວ:
receipt-print-a5 = ພິມໃບຮັບເງິນ (A5)
receipt-print-roll = ພິມໃບຮັບເງິນ (ມ້ວນ 80 ມມ)
receipt-format-title = ເຈ້ຍ
receipt-format-a5 = A5 (ສະບັບສະມາຊິກ ແລະ ສະບັບຫ້ອງການ ໃນເຈ້ຍ A4 ແຜ່ນດຽວ)
receipt-format-roll = ມ້ວນ 80 ມມ
receipt-print = ພິມ
statement-print = ພິມໃບແຈ້ງການຈ່າຍເງິນສົມທົບ

## Receipts
receipts-title = ໃບຮັບເງິນ
receipts-none = ຍັງບໍ່ມີໃບຮັບເງິນ.
receipt-number = ໃບຮັບເງິນ
receipt-amount = ຈຳນວນເງິນ
receipt-reprint = ພິມຄືນ
receipt-void = ຍົກເລີກໃບຮັບເງິນ
receipt-void-badge = ຍົກເລີກ
receipt-voided = ໃບຮັບເງິນ { $receipt_no } ຖືກຍົກເລີກແລ້ວ; ເດືອນທີ່ໃບຮັບເງິນນີ້ຈ່າຍໄວ້ ກັບເປັນຍັງບໍ່ຈ່າຍ.
void-title = ຍົກເລີກໃບຮັບເງິນ
void-question = ໃບຮັບເງິນຍັງຄົງຢູ່ໃນລະບົບ ໂດຍໝາຍວ່າຍົກເລີກ, ແລະ ເດືອນທີ່ໃບຮັບເງິນນີ້ຈ່າຍໄວ້ ກັບເປັນຍັງບໍ່ຈ່າຍ.
void-confirm = ຍົກເລີກໃບຮັບເງິນນີ້ບໍ? ບໍ່ສາມາດກັບຄືນໄດ້.

## Day close
day-page-title = ວັນທີ { $date }
day-receipts = ໃບຮັບເງິນ
day-cash-drawer = ເງິນສົດທີ່ຄວນມີໃນລິ້ນຊັກ
day-voided = ຍົກເລີກ
day-by-method = ຍອດລວມຕາມວິທີຈ່າຍ
day-receipt-list = ໃບຮັບເງິນຂອງມື້
day-void-list = ການຍົກເລີກຂອງມື້
day-nothing = ມື້ນີ້ຍັງບໍ່ມີການຮັບເງິນ.
day-no-voids = ມື້ນີ້ບໍ່ມີການຍົກເລີກ.
day-close = ປິດບັນຊີມື້
day-close-question = ປິດບັນຊີມື້ນີ້ບໍ? ຫຼັງຈາກນັ້ນ ບໍ່ສາມາດລົງວັນທີການຈ່າຍ ຫຼື ການຍົກເລີກເຂົ້າມື້ນີ້ໄດ້.
day-closed = ປິດບັນຊີມື້ແລ້ວ.
day-print = ພິມໃບສະຫຼຸບປະຈຳວັນ
