//! rustybuzz must give exactly what HarfBuzz gives.

use nssf_documents::shaping::{shape, Glyph};

use crate::support::{repo_root, stdout};

const TEXTS: &[&str] = &[
    "ເຈົ້າ",
    "ນ້ຳ",
    "ເສື້ອ",
    "ບໍ່",
    "ຊື່",
    "ຫຼ້າ",
    "ຖ້ຳ",
    "ນາງ ເຈົ້າ ນ້ຳໃຈ",
    "ທ້າວ ສົມສັກ ພົມມະວົງ",
];

fn fonts() -> Vec<std::path::PathBuf> {
    vec![
        repo_root().join("assets/fonts/NotoSansLao-Regular.ttf"),
        repo_root().join("assets/fonts/NotoSansLao-Bold.ttf"),
        // fonts-lao (LGPL): read at test time, not bundled. Worst case: large GPOS offsets.
        "/usr/share/fonts/truetype/lao/Phetsarath_OT.ttf".into(),
    ]
}

fn harfbuzz(font: &str, text: &str) -> Vec<Glyph> {
    let json = stdout(
        "hb-shape",
        &[
            "--output-format=json",
            "--no-glyph-names",
            "--utf8-clusters",
            font,
            text,
        ],
    );
    let value: serde_json::Value = serde_json::from_str(json.trim()).expect("hb-shape JSON");
    let int = |g: &serde_json::Value, k: &str| g[k].as_i64().expect("integer field") as i32;
    value
        .as_array()
        .expect("array of glyphs")
        .iter()
        .map(|g| Glyph {
            id: int(g, "g") as u16,
            cluster: int(g, "cl") as u32,
            x_advance: int(g, "ax"),
            y_advance: int(g, "ay"),
            x_offset: int(g, "dx"),
            y_offset: int(g, "dy"),
        })
        .collect()
}

/// Where rustybuzz 0.20 (a port of HarfBuzz 10) and Debian's HarfBuzz 6.0 disagree:
/// `(font file name, text, glyph index, rustybuzz (x_advance, x_offset), HarfBuzz 6 (…))`.
///
/// FIXME(harfbuzz-6): in Phetsarath OT, HarfBuzz 6 pulls ໃ towards a preceding ຳ with a GPOS
/// adjustment of -285 in "ນໍາໃ" but not when a tone mark sits in between ("ນ້ຳໃ"); rustybuzz
/// applies it in both, which is the consistent result. Either answer is accepted so that a newer
/// `hb-shape` still passes. Noto Sans Lao, the font we print with, shapes identically.
/// `(x_advance, x_offset)` of one glyph.
type Placement = (i32, i32);

const KNOWN_DIFFERENCES: &[(&str, &str, usize, Placement, Placement)] = &[(
    "Phetsarath_OT.ttf",
    "ນາງ ເຈົ້າ ນ້ຳໃຈ",
    14,
    (717, -285),
    (1002, 0),
)];

fn matches_allowing_known_differences(
    font: &str,
    text: &str,
    ours: &[Glyph],
    hb: &[Glyph],
) -> bool {
    if ours == hb {
        return true;
    }
    let Some(&(_, _, index, (our_adv, our_off), (hb_adv, hb_off))) = KNOWN_DIFFERENCES
        .iter()
        .find(|(f, t, ..)| font.ends_with(f) && *t == text)
    else {
        return false;
    };
    let mut patched = hb.to_vec();
    match patched.get_mut(index) {
        Some(g) if (g.x_advance, g.x_offset) == (hb_adv, hb_off) => {
            g.x_advance = our_adv;
            g.x_offset = our_off;
        }
        Some(_) | None => return false,
    }
    ours == patched
}

#[test]
fn shaping_matches_hb_shape() {
    let mut checked = 0;
    for font in fonts() {
        let data = std::fs::read(&font).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (Phetsarath OT comes from Debian's fonts-lao)",
                font.display()
            )
        });
        let font = font.to_str().expect("UTF-8 path");
        for text in TEXTS {
            let ours = shape(&data, text);
            assert!(!ours.is_empty(), "{font}: no glyphs for {text}");
            let hb = harfbuzz(font, text);
            assert!(
                matches_allowing_known_differences(font, text, &ours, &hb),
                "{font}: {text}\nrustybuzz: {ours:?}\nhb-shape:  {hb:?}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 27);
}

#[test]
fn stacked_marks_are_positioned_not_just_mapped() {
    // Guards against a shaper that maps characters to glyphs one by one: in Phetsarath OT the
    // tone mark over ເຈົ້າ's upper vowel sits far above the baseline.
    let data = std::fs::read("/usr/share/fonts/truetype/lao/Phetsarath_OT.ttf")
        .expect("Phetsarath OT (fonts-lao)");
    let glyphs = shape(&data, "ເຈົ້າ");
    assert!(glyphs.iter().any(|g| g.y_offset > 300), "{glyphs:?}");
}

#[test]
fn unreadable_font_data_shapes_to_nothing() {
    assert!(shape(b"not a font", "ນ").is_empty());
}
