//! Writes sample receipts (1, 12 and 36 months; A5 pair and roll; VOID; 36 months that make no range)
//! to /tmp and prints how long each takes to make, without the store:
//! `cargo run --release -p nssf-documents --example receipt [N [NAME]]` (N runs per receipt, default
//! 200; NAME only the receipts whose name starts with it, e.g. `36-rising`).

use std::time::{Duration, Instant};

use nssf_documents::{
    receipt_a5_pdf, receipt_lines, receipt_roll_pdf, Fonts, ReceiptDoc, ReceiptMark, ReceiptMonth,
};

fn kip(amount: i64) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out} ₭")
}

/// `count` months from 11/2026; the floor lifts the base half way, or (`rising`) the base changes every
/// month so that no two months make a range.
fn months(count: usize, rising: bool) -> Vec<ReceiptMonth> {
    (0..count)
        .map(|i| {
            let index = 2026 * 12 + 10 + i as i32;
            let lifted = !rising && i >= count / 2 && count > 1;
            let base_kip = match (rising, lifted) {
                (true, _) => 2_500_000 + 10_000 * i as i64,
                (false, true) => 3_000_000,
                (false, false) => 2_500_000,
            };
            ReceiptMonth {
                year: index / 12,
                month: (index % 12) as u32 + 1,
                base_kip,
                amount_kip: (base_kip * 900 + 5_000) / 10_000,
                floor_applied: lifted,
            }
        })
        .collect()
}

fn receipt(months: &[ReceiptMonth], mark: Option<ReceiptMark>) -> ReceiptDoc {
    let total: i64 = months.iter().map(|m| m.amount_kip).sum();
    let pair = |label: &str, value: &str| (label.to_owned(), value.to_owned());
    ReceiptDoc {
        fund_name_lo: "ກອງທຶນປະກັນສັງຄົມແຫ່ງຊາດ".into(),
        fund_name_en: "National Social Security Fund".into(),
        office: "ຈັນທະບູລີ, ນະຄອນຫຼວງວຽງຈັນ · ເຄື່ອງທີ 01\n\
                 Chanthabouly, Vientiane Capital · workstation 01"
            .into(),
        title: "ໃບຮັບເງິນສົມທົບ / Contribution receipt".into(),
        fields: vec![
            pair("ເລກໃບຮັບເງິນ / Receipt no.", "0101-01-2026-000123-4"),
            pair("ວັນທີ / Date", "26/11/2026"),
            pair("ເລກສະມາຊິກ / Member no.", "0101-01-0000042-7"),
            pair("ສະມາຊິກ / Member", "ນາງ ເຈົ້າ ນ້ຳໃຈ\nMs Chao NAMCHAI"),
            pair("ວິທີຈ່າຍ / Paid by", "ເງິນສົດ / Cash"),
            pair("ພະນັກງານຮັບເງິນ / Cashier", "ສົມສັກ ພົມມະວົງ"),
        ],
        columns: [
            "ເດືອນ / Month".into(),
            "ຖານລາຍຮັບ / Income base".into(),
            "ຕໍ່ເດືອນ / Per month".into(),
            "ຈຳນວນເງິນ / Amount".into(),
        ],
        lines: receipt_lines(months, kip),
        total_label: "ລວມ / Total".into(),
        total: kip(total),
        words_label: "ຈຳນວນເງິນເປັນຕົວໜັງສື / Amount in words".into(),
        words_lo: "ແປດລ້ານເກົ້າແສນໜຶ່ງໝື່ນກີບຖ້ວນ".into(),
        words_en: "Eight million nine hundred ten thousand kip".into(),
        notes: Vec::new(),
        signatures: [
            "ລາຍເຊັນພະນັກງານຮັບເງິນ / Cashier’s signature".into(),
            "ລາຍເຊັນສະມາຊິກ / Member’s signature".into(),
        ],
        continued: "ມີຕໍ່ໜ້າຖັດໄປ / Continued on the next page".into(),
        mark,
        copy_labels: [
            "ສະບັບຂອງສະມາຊິກ / Member’s copy".into(),
            "ສະບັບຂອງຫ້ອງການ / Office’s copy".into(),
        ],
        // As long as the desk's: the signature is 64 bytes in unpadded base64 (86 characters).
        qr_payload: format!(
            "NSSFR1;0101-01-2026-000123-4;0101-01-0000042-7;{total};2026-11-26;0101-01;{}",
            "S".repeat(86)
        ),
    }
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let only = std::env::args().nth(2).unwrap_or_default();
    let fonts = Fonts::bundled();
    let void = Some(ReceiptMark::Void("ຍົກເລີກ / VOID".into()));
    // The same 1-month receipt with an empty QR payload (the smallest symbol) shows what the code costs.
    let small_qr = ReceiptDoc {
        qr_payload: String::new(),
        ..receipt(&months(1, false), None)
    };
    for (name, doc) in [
        ("1-small-qr", small_qr),
        ("1", receipt(&months(1, false), None)),
        ("12", receipt(&months(12, false), None)),
        ("36", receipt(&months(36, false), None)),
        ("36-void", receipt(&months(36, false), void.clone())),
        ("36-rising", receipt(&months(36, true), void)),
    ] {
        if !name.starts_with(&only) {
            continue;
        }
        for (format, make) in [
            (
                "a5",
                receipt_a5_pdf as fn(&Fonts, &ReceiptDoc) -> Result<Vec<u8>, _>,
            ),
            ("roll", receipt_roll_pdf),
        ] {
            let pdf = make(fonts, &doc).expect("receipt");
            let path = format!("/tmp/receipt-{name}-{format}.pdf");
            std::fs::write(&path, &pdf).expect("write PDF");
            let mut times: Vec<Duration> = (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    make(fonts, &doc).expect("receipt");
                    t.elapsed()
                })
                .collect();
            times.sort_unstable();
            println!(
                "{name:>9} {format:<4} p50 {:>6.2} ms  p99 {:>6.2} ms  {:>5.1} KB  {path}",
                times[runs / 2].as_secs_f64() * 1e3,
                times[runs * 99 / 100].as_secs_f64() * 1e3,
                pdf.len() as f64 / 1024.0
            );
        }
    }
}
