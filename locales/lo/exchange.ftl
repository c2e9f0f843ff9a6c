# ຊຸດຂໍ້ມູນປະຈຳອາທິດ: ການສົ່ງອອກ ແລະ ໃບຢືນຢັນຂອງຫ້ອງການ, ການກວດສອບ ແລະ ການນຳເຂົ້າຂອງສຳນັກງານກາງ.

exchange-exported = ຂຽນຊຸດທີ { $batch } ແລ້ວ: ການປ່ຽນແປງທີ { $first } ຫາ { $last } ({ $changes } ລາຍການທີ່ຍັງບໍ່ໄດ້ຮັບການຢືນຢັນ).
exchange-held-back = ອີກ { $count } ການປ່ຽນແປງບໍ່ພໍໃນຊຸດນີ້: ກະລຸນາສົ່ງອອກອີກຄັ້ງຫຼັງຈາກນຳເຂົ້າໃບຢືນຢັນຂອງຊຸດນີ້.
exchange-pending = ມີ { $changes } ການປ່ຽນແປງທີ່ຍັງບໍ່ໄດ້ຮັບການຢືນຢັນ, ໃນນັ້ນມີການຈ່າຍເງິນ { $kip } ກີບ.
exchange-central-key-installed = ຕິດຕັ້ງກະແຈຂອງສຳນັກງານກາງແລ້ວ; ຈາກນີ້ໄປຊຸດຂໍ້ມູນຈະຖືກເຂົ້າລະຫັດໃຫ້ສຳນັກງານກາງ.
exchange-central-key-already-installed = ກະແຈນີ້ຂອງສຳນັກງານກາງຕິດຕັ້ງຢູ່ແລ້ວ; ບໍ່ມີຫຍັງປ່ຽນແປງ.
exchange-central-key-replaced = ປ່ຽນກະແຈຂອງສຳນັກງານກາງແລ້ວ (ລາຍນິ້ວມືຂອງກະແຈເກົ່າແມ່ນ { $previous }); ຈາກນີ້ໄປຊຸດຂໍ້ມູນຈະຖືກເຂົ້າລະຫັດດ້ວຍກະແຈໃໝ່.
exchange-ack-applied = ນຳໃຊ້ໃບຢືນຢັນຂອງຊຸດທີ { $batch } ແລ້ວ: ຮັບ { $accepted }, ມີຢູ່ແລ້ວ { $duplicate }, ປະຕິເສດ { $rejected }.
exchange-ack-already-applied = ໃບຢືນຢັນຂອງຊຸດທີ { $batch } ເຄີຍນຳໃຊ້ແລ້ວ; ບໍ່ມີຫຍັງປ່ຽນແປງ (ຮັບ { $accepted }, ມີຢູ່ແລ້ວ { $duplicate }, ປະຕິເສດ { $rejected }).
exchange-rejected-line = ຖືກປະຕິເສດ: ການປ່ຽນແປງທີ { $seq } ({ $key }): { $reason }
exchange-central-initialised = ສ້າງຖານຂໍ້ມູນຂອງສຳນັກງານກາງ ແລະ ຄູ່ກະແຈໃນ { $path } ແລ້ວ.
exchange-trusted = ຕອນນີ້ເຊື່ອຖືກະແຈຂອງເຄື່ອງ { $office } ແລ້ວ.
exchange-trust-unchanged = ກະແຈນີ້ຂອງເຄື່ອງ { $office } ເຊື່ອຖືຢູ່ແລ້ວ; ບໍ່ມີຫຍັງປ່ຽນແປງ.
exchange-trust-succeeds = ຕອນນີ້ເຊື່ອຖືກະແຈຂອງເຄື່ອງ { $office } ແລ້ວ; ເຄື່ອງນີ້ແທນ { $predecessor }, ເຊິ່ງຖືກຢຸດໃຊ້ແລ້ວ: ຈາກນີ້ໄປຊຸດຂໍ້ມູນຂອງ { $predecessor } ຈະຖືກປະຕິເສດ.
exchange-trust-replaced = ປ່ຽນກະແຈຂອງເຄື່ອງ { $office } ແລ້ວ; ລຳດັບຊຸດຂໍ້ມູນຂອງເຄື່ອງນີ້ສືບຕໍ່ໄປ.
exchange-imported = ນຳເຂົ້າຊຸດທີ { $batch } ຂອງ { $office } ແລ້ວ: ຮັບ { $accepted }, ມີຢູ່ແລ້ວ { $duplicate }, ປະຕິເສດ { $rejected }.
exchange-audit-intact = ບັນທຶກການກວດສອບຂອງ { $office } ຕໍ່ຈາກລະບົບຕ່ອງໂສ້ທີ່ມີຢູ່ນີ້ໂດຍບໍ່ຂາດຕອນ: ຕອນນີ້ສິ້ນສຸດທີ່ລາຍການ { $seq }.
exchange-audit-none = ຊຸດທີ { $batch } ຂອງ { $office } ເປັນຮູບແບບສະບັບທຳອິດ: ບໍ່ມີບັນທຶກການກວດສອບມານຳ.
exchange-audit-broken = ບັນທຶກການກວດສອບຂອງ { $office } ບໍ່ຕໍ່ຈາກລະບົບຕ່ອງໂສ້ທີ່ມີຢູ່ນີ້: ລາຍການ { $seq } { $why } ຂໍ້ມູນຂອງຊຸດທີ { $batch } ຖືກນຳເຂົ້າແລ້ວຕາມປົກກະຕິ.
exchange-audit-why-edited = ຖືກແກ້ໄຂຫຼັງຈາກບັນທຶກແລ້ວ.
exchange-audit-why-missing = ຫາຍໄປ: ຖືກລຶບອອກຢູ່ເຄື່ອງນັ້ນ.
exchange-audit-why-out-of-order = ບໍ່ຕໍ່ຈາກລາຍການກ່ອນໜ້າ: ລຳດັບຖືກສັບປ່ຽນ ຫຼື ມີລາຍການຖືກເພີ່ມເຂົ້າ.
exchange-audit-why-rewritten = ບໍ່ແມ່ນລາຍການທີ່ມີຢູ່ນີ້: ບັນທຶກການກວດສອບຂອງເຄື່ອງນັ້ນຖືກຂຽນຄືນໃໝ່.
exchange-stats = ສະມາຊິກ { $members } ຄົນ, ການຈ່າຍເງິນ { $payments } ລາຍການ, { $kip } ກີບ, { $batches } ຊຸດ.
reference-issued = ຂຽນໄຟລ໌ຂໍ້ມູນອ້າງອີງ ອອກຄັ້ງທີ { $issue } ແລ້ວ: { $path }
reference-applied = ນຳໃຊ້ຂໍ້ມູນອ້າງອີງ ອອກຄັ້ງທີ { $issue } ແລ້ວ: ຕາຕະລາງເງິນສົມທົບ { $rows } ແຖວ, ໂຮງໝໍ { $hospitals } ແຫ່ງ, ສິດປະໂຫຍດ { $benefits } ລາຍການ.
reference-already-applied = ຂໍ້ມູນອ້າງອີງ ອອກຄັ້ງທີ { $issue } ໃຊ້ຢູ່ແລ້ວ: ບໍ່ມີຫຍັງປ່ຽນແປງ.

exchange-reason-undecodable = ອ່ານລາຍການນີ້ບໍ່ໄດ້
exchange-reason-other-office = ເລກນີ້ເປັນຂອງຫ້ອງການ ຫຼື ເຄື່ອງອື່ນ
exchange-reason-unknown-member = ສຳນັກງານກາງບໍ່ຮູ້ຈັກສະມາຊິກຄົນນີ້
exchange-reason-total-mismatch = ລາຍການໃນໃບຮັບເງິນບໍ່ເທົ່າກັບຍອດລວມ
exchange-reason-unknown-receipt = ສຳນັກງານກາງບໍ່ຮູ້ຈັກໃບຮັບເງິນນີ້
