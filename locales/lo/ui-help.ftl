# Help: the header's Help menu, About, Diagnostics (the support file for the central office's IT) and the
# screen shown when the program itself fails (docs/support.md).

help-menu = ຊ່ວຍເຫຼືອ
help-about = ກ່ຽວກັບ NSSF Desk
help-diagnostics = ວິນິດໄສ
help-close = ປິດ
help-never = ຍັງບໍ່ເຄີຍ
help-unknown = ບໍ່ຮູ້

about-title = ກ່ຽວກັບ NSSF Desk
about-lead = NSSF Desk ໃຊ້ລົງທະບຽນສະມາຊິກພາກສະໝັກໃຈຂອງກອງທຶນປະກັນສັງຄົມແຫ່ງຊາດ ແລະ ຮັບເງິນສົມທົບຂອງເຂົາເຈົ້າ.
about-version-label = ລຸ້ນ
about-office = ຫ້ອງການ
about-office-code = ລະຫັດຫ້ອງການ
about-workstation = ເຄື່ອງ
about-no-office = ຍັງບໍ່ໄດ້ຕັ້ງຄ່າຫ້ອງການໃນຄອມພິວເຕີນີ້
about-data-folder = ໂຟນເດີຂໍ້ມູນ
about-log-folder = ໂຟນເດີບັນທຶກເຫດການ (log)
about-licences-title = ຟອນ ແລະ ຂໍ້ມູນທີ່ມາພ້ອມໂປຣແກຣມ ແລະ ໃບອະນຸຍາດ
about-licence-what = ລາຍການ
about-licence-licence = ໃບອະນຸຍາດ
about-licence-file = ເນື້ອໃນໃບອະນຸຍາດ

diagnostics-title = ວິນິດໄສ
diagnostics-lead = ເມື່ອໂທຫາພະແນກໄອທີຂອງສຳນັກງານກາງ, ໃຫ້ບັນທຶກໄຟລ໌ນີ້ ແລະ ສົ່ງໃຫ້ເຂົາເຈົ້າ: ໄຟລ໌ບອກວ່າຄອມພິວເຕີນີ້ໃຊ້ລຸ້ນໃດ, ລະບົບໃດ, ແລະ ສະພາບຂອງໂຟນເດີຂໍ້ມູນ, ການສົ່ງຂໍ້ມູນປະຈຳອາທິດ ແລະ ການສຳຮອງຂໍ້ມູນ.
diagnostics-private = ໄຟລ໌ນີ້ບໍ່ມີຊື່, ເບີໂທ ຫຼື ເອກະສານຢັ້ງຢືນຕົວຕົນຂອງສະມາຊິກ: ມີແຕ່ຈຳນວນ, ວັນທີ, ເລກສະມາຊິກ ແລະ ລະຫັດຂໍ້ຜິດພາດ.
diagnostics-system = ລະບົບ
diagnostics-folder-size = ຂະໜາດໂຟນເດີຂໍ້ມູນ
diagnostics-schema = ລຸ້ນຂອງຂໍ້ມູນ (schema)
diagnostics-members = ສະມາຊິກໃນເຄື່ອງນີ້
diagnostics-staff = ບັນຊີພະນັກງານ
diagnostics-last-batch = ຊຸດຂໍ້ມູນສຸດທ້າຍທີ່ຂຽນ
diagnostics-batch-line = ຊຸດທີ { $batch }, { $when }
diagnostics-last-ack = ນຳເຂົ້າໃບຢືນຢັນຄັ້ງສຸດທ້າຍ
diagnostics-pending = ການປ່ຽນແປງທີ່ຍັງບໍ່ໄດ້ຮັບການຢືນຢັນ
diagnostics-last-backup = ສຳຮອງຂໍ້ມູນສຳເລັດຄັ້ງຫຼ້າສຸດ
diagnostics-open-error = ເຫດຜົນທີ່ເປີດໂຟນເດີຂໍ້ມູນບໍ່ໄດ້
diagnostics-recent-errors = ຂໍ້ຜິດພາດຫຼ້າສຸດໃນບັນທຶກເຫດການ
diagnostics-no-errors = ບໍ່ມີ
diagnostics-save = ບັນທຶກໄຟລ໌ວິນິດໄສ…
diagnostics-saved = ບັນທຶກແລ້ວ: { $path }
diagnostics-not-saved = ບໍ່ໄດ້ບັນທຶກ.

crash-title = ມີບາງຢ່າງຜິດພາດ
crash-lead = NSSF Desk ພົບບັນຫາທີ່ແກ້ເອງບໍ່ໄດ້. ບໍ່ແມ່ນຍ້ອນສິ່ງທີ່ທ່ານເຮັດ. ຂໍ້ມູນທີ່ບັນທຶກໄວ້ກ່ອນໜ້ານີ້ຍັງຢູ່ຄົບ; ສິ່ງທີ່ກຳລັງພິມຢູ່ອາດຈະເສຍໄປ.
crash-step-note = ຈົດໄວ້ວ່າທ່ານກຳລັງເຮັດຫຍັງຢູ່ ຕອນທີ່ໜ້ານີ້ປາກົດ.
crash-step-restart = ກົດ “ເລີ່ມໃໝ່”. ຖ້າເຮັດວຽກຕໍ່ໄດ້ ກໍເຮັດຕໍ່ໄປ.
crash-step-call = ຖ້າເກີດອີກ, ກົດ “ບັນທຶກໄຟລ໌ວິນິດໄສ”, ແລ້ວໂທຫາພະແນກໄອທີຂອງສຳນັກງານກາງ ແລະ ສົ່ງໄຟລ໌ນັ້ນໃຫ້ເຂົາເຈົ້າ.
crash-save = ບັນທຶກໄຟລ໌ວິນິດໄສ…
crash-restart = ເລີ່ມໃໝ່
crash-save-failed = ບັນທຶກໄຟລ໌ວິນິດໄສບໍ່ໄດ້. ກະລຸນາປິດ NSSF Desk, ເປີດໃໝ່ ແລ້ວໃຊ້ ຊ່ວຍເຫຼືອ > ວິນິດໄສ.
