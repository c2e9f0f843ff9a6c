//! Writes a sample card and a 10-card sheet to /tmp and prints timings.
//!
//! `cargo run --release -p nssf-documents --example card [N]` also times an N-card sheet
//! (default 1000).

use std::time::Instant;

use nssf_documents::photo;
use nssf_documents::{card_pdf, card_sheet_pdf, CardData, CardLabels, Fonts};

fn sample_photo() -> Vec<u8> {
    // A synthetic portrait: a soft background gradient with a head-and-shoulders shape.
    let (w, h) = (900u32, 1200u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
        let head = ((fx - 0.5) / 0.2).powi(2) + ((fy - 0.38) / 0.2).powi(2) < 1.0;
        let body = fy > 0.68 && ((fx - 0.5) / 0.42).powi(2) + ((fy - 1.05) / 0.38).powi(2) < 1.0;
        if head {
            image::Rgb([196, 150, 120])
        } else if body {
            image::Rgb([40, 70, 120])
        } else {
            let v = (200.0 + 40.0 * fy) as u8;
            image::Rgb([v, v, (v as f32 * 1.05).min(255.0) as u8])
        }
    });
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode sample PNG");
    photo::prepare(&png, None)
        .expect("prepare sample photo")
        .jpeg
}

fn sample_card(i: usize, photo: Option<Vec<u8>>) -> CardData {
    CardData {
        fund_name_lo: "ກອງທຶນປະກັນສັງຄົມແຫ່ງຊາດ".into(),
        fund_name_en: "National Social Security Fund".into(),
        card_title: "ບັດສະມາຊິກ / Member card".into(),
        name_lo: "ນາງ ເຈົ້າ ນ້ຳໃຈ".into(),
        name_latin: "Ms Chao NAMCHAI".into(),
        member_no: format!("01-2024-{:06}", 123 + i),
        date_of_birth: "12/03/1985".into(),
        hospital: "ໂຮງໝໍມິດຕະພາບ / Mittaphab Hospital".into(),
        issue_date: "26/11/2026".into(),
        labels: CardLabels {
            member_no: "ເລກສະມາຊິກ / Member no.".into(),
            date_of_birth: "ວັນເດືອນປີເກີດ / Date of birth".into(),
            hospital: "ໂຮງໝໍ / Hospital".into(),
            issued: "ວັນທີອອກ / Issued".into(),
            issue: "ສະບັບທີ / Issue".into(),
        },
        issue_number: if i.is_multiple_of(3) { 2 } else { 1 },
        photo_jpeg: photo,
        qr_payload: format!(
            "NSSF1:01-2024-{:06}:2026-11-26:2:sig=MEUCIQDx4v3l1pQ8kzQn9y1mZ3wq7t2Y8aKc0fH6uJ9eWbGxLwIgY2Vz",
            123 + i
        ),
    }
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let t = Instant::now();
    let fonts = Fonts::bundled();
    println!("fonts parsed: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let photo = sample_photo();
    println!("photo: {} bytes", photo.len());

    let card = sample_card(0, Some(photo.clone()));
    let t = Instant::now();
    let pdf = card_pdf(fonts, &card).expect("card");
    println!(
        "first card: {:.1} ms, {} bytes",
        t.elapsed().as_secs_f64() * 1e3,
        pdf.len()
    );
    std::fs::write("/tmp/nssf-card.pdf", &pdf).expect("write card");
    let no_photo = card_pdf(fonts, &sample_card(1, None)).expect("card");
    std::fs::write("/tmp/nssf-card-nophoto.pdf", &no_photo).expect("write card");

    let runs = 50;
    let t = Instant::now();
    for _ in 0..runs {
        card_pdf(fonts, &card).expect("card");
    }
    println!(
        "warm card: {:.2} ms (mean of {runs})",
        t.elapsed().as_secs_f64() * 1e3 / runs as f64
    );

    let ten: Vec<CardData> = (0..10)
        .map(|i| sample_card(i, Some(photo.clone())))
        .collect();
    let sheet = card_sheet_pdf(fonts, &ten, &mut |_| true).expect("sheet");
    std::fs::write("/tmp/nssf-sheet.pdf", &sheet).expect("write sheet");
    println!("10-card sheet: {} bytes", sheet.len());

    let many: Vec<CardData> = (0..n)
        .map(|i| sample_card(i, Some(photo.clone())))
        .collect();
    let t = Instant::now();
    let mut laid_out = 0.0;
    let big = card_sheet_pdf(fonts, &many, &mut |done| {
        if done == n {
            laid_out = t.elapsed().as_secs_f64();
        }
        true
    })
    .expect("sheet");
    println!(
        "{n}-card sheet, shared photo: {:.2} s ({laid_out:.2} s layout, the rest writing), {} bytes",
        t.elapsed().as_secs_f64(),
        big.len()
    );
    println!("wrote /tmp/nssf-card.pdf, /tmp/nssf-card-nophoto.pdf, /tmp/nssf-sheet.pdf");
}
