# NSSF Desk: ການເຂົ້າສູ່ລະບົບ, ໜ້າຈໍລັອກ, ການປ່ຽນລະຫັດຜ່ານ ແລະ ບັນຊີຜູ້ດູແລລະບົບທຳອິດ (ພາສາລາວ).
# ຊື່ບົດບາດ ແລະ ຊ່ອງຂອງບັນຊີພະນັກງານຢູ່ໃນ ui-admin.ftl (staff-role-*, staff-field-*).

## Sign-in
signin-title = ເຂົ້າສູ່ລະບົບ
signin-intro = ໃສ່ລະຫັດພະນັກງານ ແລະ ລະຫັດຜ່ານຂອງທ່ານ.
signin-staff-id = ລະຫັດພະນັກງານ
signin-password = ລະຫັດຜ່ານ
signin-submit = ເຂົ້າສູ່ລະບົບ

## Header
session-switch-user = ປ່ຽນຜູ້ໃຊ້
session-lock = ລັອກໜ້າຈໍ
session-sign-out = ອອກຈາກລະບົບ
session-key-lock = Ctrl+L — ລັອກໜ້າຈໍ

## Lock screen
lock-title = ໜ້າຈໍຖືກລັອກຢູ່
lock-who = ລັອກໄວ້ສຳລັບ { $name } ({ $staff_id }). ໃສ່ລະຫັດຜ່ານຂອງ { $name } ເພື່ອເຮັດວຽກຕໍ່, ຫຼື ອອກຈາກລະບົບເພື່ອໃຫ້ຄົນອື່ນເຂົ້າ.
lock-unlock = ປົດລັອກ

## Password change after an admin's reset
password-title = ເລືອກລະຫັດຜ່ານໃໝ່
password-intro = { $name }, ຜູ້ດູແລລະບົບໄດ້ຕັ້ງລະຫັດຜ່ານຂອງທ່ານໃໝ່. ກະລຸນາເລືອກລະຫັດຜ່ານໃໝ່ທີ່ມີແຕ່ທ່ານຮູ້ ກ່ອນເລີ່ມເຮັດວຽກ.
password-current = ລະຫັດຜ່ານປັດຈຸບັນ
password-new = ລະຫັດຜ່ານໃໝ່
password-new-hint = ຢ່າງໜ້ອຍ { $min } ຕົວອັກສອນ.
password-again = ລະຫັດຜ່ານໃໝ່ອີກຄັ້ງ
password-submit = ບັນທຶກລະຫັດຜ່ານໃໝ່
session-password-mismatch = ລະຫັດຜ່ານທັງສອງບໍ່ຄືກັນ.

## First run: the first admin account
first-admin-title = ບັນຊີຜູ້ດູແລລະບົບທຳອິດ
first-admin-intro = ທຸກຄົນເຂົ້າສູ່ລະບົບດ້ວຍບັນຊີຂອງຕົນເອງ. ບັນຊີທຳອິດແມ່ນຂອງຜູ້ດູແລລະບົບ, ຜູ້ທີ່ຈະເພີ່ມບັນຊີຂອງພະນັກງານຄົນອື່ນ.
first-admin-roles-hint = ບັນຊີທຳອິດເປັນຜູ້ດູແລລະບົບສະເໝີ; ໝາຍບົດບາດອື່ນທີ່ຄົນນີ້ເຮັດວຽກນຳ.
first-admin-create = ສ້າງບັນຊີ ແລະ ເຂົ້າສູ່ລະບົບ
