cli-initialised = ຫ້ອງການ { $district } ({ $district_name }), ເຄື່ອງ { $workstation }: ສ້າງໂຟນເດີຂໍ້ມູນທີ່ { $path } ແລ້ວ.
cli-problem-line = { $field }: { $message }
cli-duplicate-hint = ແລ່ນຄືນໃໝ່ດ້ວຍ --confirm-duplicate ເພື່ອລົງທະບຽນຕໍ່.
cli-demo-progress = ກຳລັງລົງທະບຽນສະມາຊິກຕົວຢ່າງ
cli-demo-done = ເພີ່ມສະມາຊິກຕົວຢ່າງ { $count } ຄົນແລ້ວ.
cli-bad-json = ບໍ່ສາມາດອ່ານ JSON ການລົງທະບຽນໄດ້: { $detail }
cli-file-unreadable = ບໍ່ສາມາດອ່ານໄຟລ໌ { $path } ໄດ້: { $detail }
cli-unknown-office = ບໍ່ມີເມືອງລະຫັດ { $value } ໃນລາຍຊື່ສະຖານທີ່.
