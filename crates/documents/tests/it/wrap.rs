//! Lao has no spaces between words: wrapping must still break only between words.

use nssf_documents::text::wrap_lines;
use nssf_documents::{Fonts, Page, Rgb};

const SENTENCES: &[&str] = &[
    "ກອງທຶນປະກັນສັງຄົມແຫ່ງຊາດໄດ້ຮັບເງິນສົມທົບປະຈຳເດືອນຂອງທ່ານແລ້ວ ກະລຸນາເກັບໃບຮັບເງິນນີ້ໄວ້ເປັນຫຼັກຖານຈົນກວ່າຈະໄດ້ຮັບບັດສະມາຊິກສະບັບໃໝ່ຈາກຫ້ອງການເມືອງ",
    "ສະມາຊິກທີ່ມີສິດໄດ້ຮັບການປິ່ນປົວຢູ່ໂຮງໝໍທີ່ໄດ້ລົງທະບຽນໄວ້ເທົ່ານັ້ນ ຍົກເວັ້ນກໍລະນີສຸກເສີນ",
    "Members may receive treatment only at the hospital where they are registered, except in emergencies.",
];

fn is_mark(c: char) -> bool {
    // Lao vowel signs and tone marks that combine with the preceding consonant.
    matches!(c, '\u{0EB1}' | '\u{0EB4}'..='\u{0EBC}' | '\u{0EC8}'..='\u{0ECE}')
        || ('\u{0300}'..='\u{036F}').contains(&c)
}

#[test]
fn wrapping_breaks_only_at_word_boundaries() {
    let fonts = Fonts::bundled();
    for text in SENTENCES {
        for width in [25.0, 40.0, 60.0] {
            let lines = wrap_lines(fonts, text, width, 9.0, false);
            assert!(lines.len() > 1, "{width} mm: expected wrapping of {text}");
            assert_eq!(lines.concat(), *text, "lines must join back to the text");
            for line in &lines {
                let first = line.chars().next().expect("no empty line");
                assert!(
                    !is_mark(first),
                    "{width} mm: line starts with a mark: {line:?}"
                );
                assert!(
                    !first.is_whitespace(),
                    "{width} mm: line starts with a space: {line:?}"
                );
                let w = Page::new(fonts, 100.0, 100.0).text_width(9.0, false, line.trim_end());
                assert!(w <= width + 0.01, "{width} mm: {line:?} is {w} mm wide");
            }
        }
    }
}

#[test]
fn lao_lines_end_on_dictionary_words() {
    // At 40 mm the first sentence must not split inside these words.
    let fonts = Fonts::bundled();
    let words = ["ກອງທຶນ", "ປະກັນສັງຄົມ", "ແຫ່ງຊາດ", "ໃບຮັບເງິນ", "ສະມາຊິກ"];
    let lines = wrap_lines(fonts, SENTENCES[0], 40.0, 9.0, false);
    for pair in lines.windows(2) {
        let joined = format!("{}{}", pair[0], pair[1]);
        let cut = pair[0].len();
        for word in words {
            for (start, _) in joined.match_indices(word) {
                assert!(
                    cut <= start || cut >= start + word.len(),
                    "{word} split across {:?} / {:?}",
                    pair[0],
                    pair[1]
                );
            }
        }
    }
}

#[test]
fn text_box_reports_height_of_its_lines() {
    let fonts = Fonts::bundled();
    let mut page = Page::new(fonts, 148.0, 210.0);
    let line_height = 9.0 * 1.35 * 25.4 / 72.0;
    let one = page.text_box(10.0, 10.0, 120.0, 9.0, false, Rgb::BLACK, "ສະບາຍດີ");
    assert!((one - line_height).abs() < 1e-3, "{one}");
    let lines = wrap_lines(fonts, SENTENCES[0], 40.0, 9.0, false).len();
    let many = page.text_box(10.0, 30.0, 40.0, 9.0, false, Rgb::BLACK, SENTENCES[0]);
    assert!((many - line_height * lines as f32).abs() < 1e-3, "{many}");
    assert_eq!(wrap_lines(fonts, "a\nb", 40.0, 9.0, false), ["a\n", "b"]);
}
