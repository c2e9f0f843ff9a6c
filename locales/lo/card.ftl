card-fund-name = ກອງທຶນປະກັນສັງຄົມແຫ່ງຊາດ
card-title = ບັດສະມາຊິກ
card-label-member-no = ເລກສະມາຊິກ
card-label-date-of-birth = ວັນເດືອນປີເກີດ
card-label-hospital = ໂຮງໝໍ
card-label-issued = ອອກວັນທີ
card-label-issue = ອອກຄັ້ງທີ
card-check-valid = valid { $member_no }
