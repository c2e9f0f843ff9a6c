# NSSF Desk: ໜ້າລາຍງານ ແລະ ລາຍຊື່ເງິນຄ້າງຈ່າຍ ເພື່ອໂທຫາສະມາຊິກ (ພາສາລາວ). ຫົວຂໍ້ຕາຕະລາງ ແລະ ກຣາຟ ໃຊ້ຄຳຂອງ reports.ftl.

## ເມນູ
nav-reports = ລາຍງານ
nav-arrears = ລາຍຊື່ເງິນຄ້າງຈ່າຍ

## ໜ້າລາຍງານ
reports-title = ລາຍງານການລົງທະບຽນ ແລະ ເງິນສົມທົບ
reports-hint = ເລືອກໄລຍະເວລາ: ອາທິດ, ເດືອນ ຫຼື ກຳນົດວັນທີເອງ (ວວ/ດດ/ປປປປ, ຕົວເລກລາວກໍໃຊ້ໄດ້).
reports-period = ໄລຍະເວລາ
reports-period-week = ອາທິດ
reports-period-month = ເດືອນ
reports-period-custom = ກຳນົດວັນທີເອງ
reports-day = ວັນທີໃດໜຶ່ງໃນໄລຍະ (ຫວ່າງໄວ້ແມ່ນມື້ນີ້)
reports-from = ແຕ່ວັນທີ
reports-to = ຫາວັນທີ
reports-show = ສະແດງລາຍງານ
reports-day-missing = ກະລຸນາພິມວັນທີ.
reports-period-shown = ໄລຍະເວລາ: { $from } ຫາ { $to }
reports-save-pdf = ບັນທຶກເປັນ PDF
reports-save-csv = ບັນທຶກເປັນ CSV
reports-active = ສະມາຊິກທີ່ຈ່າຍເງິນປົກກະຕິ
reports-lapsed = ສະມາຊິກທີ່ຂາດການຈ່າຍ (ເດືອນທີ່ຄ້າງຈ່າຍ { $months } ເດືອນຂຶ້ນໄປ)
reports-chart-members = ສະມາຊິກທັງໝົດ ຮອດວັນສຸດທ້າຍຂອງໄລຍະ
reports-chart-months-registrations = ການລົງທະບຽນໃໝ່ ແຕ່ລະເດືອນ
reports-chart-months-kip = ເງິນສົມທົບທີ່ໄດ້ຮັບ ແຕ່ລະເດືອນ
reports-chart-villages = ເງິນສົມທົບທີ່ໄດ້ຮັບ ແຕ່ລະບ້ານ
reports-col-month = ເດືອນ
reports-col-method = ວິທີຈ່າຍ
reports-col-members = ສະມາຊິກ
reports-col-count = ຈຳນວນຄົນ
reports-col-sex = ເພດ
reports-col-age = ກຸ່ມອາຍຸ (ປີ)
reports-col-occupation = ອາຊີບ
reports-no-villages = ບໍ່ມີການລົງທະບຽນ ຫຼື ການຈ່າຍເງິນໃນໄລຍະນີ້.

## ການຕັ້ງຄ່າຂອງຜູ້ດູແລລະບົບ: ເມື່ອໃດຖືວ່າສະມາຊິກຂາດການຈ່າຍ
reports-lapsed-hint = ໃນລາຍງານ, ສະມາຊິກທີ່ມີເດືອນທີ່ຄ້າງຈ່າຍເທົ່ານີ້ຂຶ້ນໄປ ຖືວ່າຂາດການຈ່າຍ. ຜູ້ດູແລລະບົບເທົ່ານັ້ນປ່ຽນໄດ້.
reports-lapsed-setting = ຂາດການຈ່າຍ ເມື່ອມີເດືອນທີ່ຄ້າງຈ່າຍ (1 ຫາ 36 ເດືອນ)
reports-lapsed-save = ບັນທຶກການຕັ້ງຄ່າ
reports-lapsed-number = ກະລຸນາພິມຈຳນວນເດືອນເປັນຕົວເລກ.
reports-lapsed-saved = ບັນທຶກແລ້ວ: ຂາດການຈ່າຍ ເມື່ອມີເດືອນທີ່ຄ້າງຈ່າຍ { $months } ເດືອນຂຶ້ນໄປ.

## ລາຍຊື່ເງິນຄ້າງຈ່າຍ
arrears-list-title = ລາຍຊື່ສະມາຊິກທີ່ມີເງິນຄ້າງຈ່າຍ
arrears-list-hint = ສະມາຊິກທີ່ມີເດືອນທີ່ຄ້າງຈ່າຍຢ່າງໜ້ອຍເທົ່າທີ່ເລືອກ, ແຍກຕາມບ້ານ, ເພື່ອໂທຫາ ຫຼື ສົ່ງ SMS. ໃບລາຍຊື່ (PDF) ມີຫ້ອງໃຫ້ໝາຍ: ໂທແລ້ວ, ລົມກັນໄດ້, ສັນຍາວ່າຈະຈ່າຍ.
arrears-list-min = ເດືອນທີ່ຄ້າງຈ່າຍ ຢ່າງໜ້ອຍ
arrears-list-min-invalid = ຈຳນວນເດືອນຕ້ອງເປັນຕົວເລກ (ພິມມາ: { $value }).
arrears-list-village = ບ້ານ
arrears-list-all-villages = ທຸກບ້ານ
arrears-list-show = ສະແດງລາຍຊື່
arrears-list-save-pdf = ບັນທຶກໃບລາຍຊື່ເພື່ອໂທຫາ (PDF)
arrears-list-save-csv = ບັນທຶກ CSV ສຳລັບສົ່ງ SMS
arrears-list-count = { $count } ຄົນ, ເງິນຄ້າງຈ່າຍລວມ { $kip } ກີບ
arrears-list-village-heading = { $village } ({ $code }) · { $count } ຄົນ · ເງິນຄ້າງຈ່າຍ { $kip } ກີບ
