//! Receipts, statements and day sheets as PDFs: the use cases gather the figures, the documents crate lays
//! them out. Documents are bilingual (Lao, then English) from the same Fluent messages as the screens.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, NaiveDate, Utc};
use nssf_documents::{receipt_lines, Fonts, ReceiptDoc, ReceiptMark, ReceiptMonth, ReportDoc};
use nssf_domain::Month;
use nssf_i18n::words::{english_kip, lao_kip};
use nssf_i18n::{format_date, format_kip, Language, Localizer};

use crate::contributions::{CoverageStatus, ReceiptFormat};
use crate::{office_date, Action, Actor, ApiError, Desk, Refusal};

/// Lao and English messages, joined "ລາວ / English" for bilingual paper.
struct Bilingual {
    lo: &'static Localizer,
    en: &'static Localizer,
}

impl Bilingual {
    fn new() -> Bilingual {
        Bilingual {
            lo: Localizer::shared(Language::Lo),
            en: Localizer::shared(Language::En),
        }
    }

    fn both(&self, id: &str) -> String {
        self.both_with(id, &[])
    }

    fn both_with(&self, id: &str, args: &[(&str, &str)]) -> String {
        format!(
            "{} / {}",
            self.lo.message(id, args),
            self.en.message(id, args)
        )
    }
}

fn document_error(e: &nssf_documents::DocumentError) -> ApiError {
    Refusal::DocumentFailed {
        detail: e.to_string(),
    }
    .into()
}

impl Desk {
    fn kip(&self, amount: i64) -> String {
        let sep = self.store.office().settings.kip_separator;
        format!("{} ₭", format_kip(amount, sep))
    }

    /// The name printed for a staff id: the account's name (receipts and day closes store the id, and stay
    /// as stored); an id without an account (the setup user's `setup`, on everything done before the
    /// office had staff accounts) prints as itself.
    fn staff_name(&self, staff_id: &str) -> Result<String, ApiError> {
        Ok(self
            .store
            .staff_account(staff_id)?
            .map_or_else(|| staff_id.to_owned(), |account| account.name))
    }

    fn office_line(&self, t: &Bilingual) -> String {
        let o = self.office();
        let lo = t.lo.message(
            "doc-office",
            &[
                ("district", &o.district_name_lo),
                ("province", &o.province_name_lo),
                ("workstation", &o.workstation),
            ],
        );
        let en = t.en.message(
            "doc-office",
            &[
                ("district", &o.district_name_en),
                ("province", &o.province_name_en),
                ("workstation", &o.workstation),
            ],
        );
        format!("{lo}\n{en}")
    }

    fn method_name(&self, t: &Bilingual, method: &str) -> String {
        let id = format!("payment-method-{method}");
        if t.lo.has_message(&id) {
            t.both(&id)
        } else {
            method.to_owned()
        }
    }

    /// A receipt as PDF. The first print is the original; later prints say COPY; a voided receipt says VOID.
    pub fn receipt_pdf(
        &self,
        actor: &Actor,
        receipt_no: &str,
        format: ReceiptFormat,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>, ApiError> {
        actor.require(Action::PrintReceipt)?;
        let view = self.receipt_view(receipt_no)?;
        let r = &view.receipt;
        let t = Bilingual::new();
        let o = self.office();
        let signed = format!(
            "NSSFR1;{};{};{};{};{}-{}",
            r.receipt_no, r.member_no, r.total_kip, r.paid_on, o.district_code, o.workstation
        );
        let signature = URL_SAFE_NO_PAD.encode(self.key_sign(signed.as_bytes()));
        let mut fields = vec![
            (t.both("receipt-no"), r.receipt_no.clone()),
            (t.both("receipt-date"), format_date(r.paid_on)),
            (t.both("receipt-member-no"), r.member_no.clone()),
            (
                t.both("receipt-member-name"),
                format!("{}\n{}", view.member_name_lo, view.member_name_latin),
            ),
            (t.both("receipt-method"), self.method_name(&t, &r.method)),
        ];
        if !r.reference.is_empty() {
            fields.push((t.both("receipt-reference"), r.reference.clone()));
        }
        fields.push((t.both("receipt-cashier"), self.staff_name(&r.cashier)?));
        if let Some(v) = &view.void {
            fields.push((t.both("receipt-void-reason"), v.reason.clone()));
        }
        let _writing = self.write_turn();
        let previous_prints =
            self.store
                .record_receipt_print(&r.receipt_no, &actor.staff_id, now)?;
        let mark = if view.void.is_some() {
            Some(ReceiptMark::Void(t.both("receipt-mark-void")))
        } else if previous_prints > 0 {
            Some(ReceiptMark::Copy(t.both("receipt-mark-copy")))
        } else {
            None
        };
        let months = r
            .lines
            .iter()
            .map(|l| {
                let m = Month::parse(&l.month).ok_or_else(|| -> ApiError {
                    Refusal::DocumentFailed {
                        detail: format!("receipt month {:?} is not YYYY-MM", l.month),
                    }
                    .into()
                })?;
                Ok(ReceiptMonth {
                    year: m.year,
                    month: m.month,
                    base_kip: l.base_kip,
                    amount_kip: l.amount_kip,
                    floor_applied: l.floor_applied,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        let doc = ReceiptDoc {
            fund_name_lo: t.lo.message("card-fund-name", &[]),
            fund_name_en: t.en.message("card-fund-name", &[]),
            office: self.office_line(&t),
            title: t.both("receipt-title"),
            fields,
            columns: [
                t.both("receipt-col-month"),
                t.both("receipt-col-base"),
                t.both("receipt-col-per-month"),
                t.both("receipt-col-amount"),
            ],
            lines: receipt_lines(&months, |kip| self.kip(kip)),
            total_label: t.both("receipt-total"),
            total: self.kip(r.total_kip),
            words_label: t.both("receipt-words-label"),
            words_lo: lao_kip(r.total_kip),
            words_en: english_kip(r.total_kip),
            notes: if months.iter().any(|m| m.floor_applied) {
                vec![
                    t.lo.message("receipt-floor-note", &[]),
                    t.en.message("receipt-floor-note", &[]),
                ]
            } else {
                Vec::new()
            },
            signatures: [
                t.both("receipt-signature-cashier"),
                t.both("receipt-signature-member"),
            ],
            continued: t.both("receipt-continued"),
            mark,
            copy_labels: [t.both("receipt-copy-member"), t.both("receipt-copy-office")],
            qr_payload: format!("{signed};{signature}"),
        };
        let fonts = Fonts::bundled();
        match format {
            ReceiptFormat::A5 => nssf_documents::receipt_a5_pdf(fonts, &doc),
            ReceiptFormat::Roll => nssf_documents::receipt_roll_pdf(fonts, &doc),
        }
        .map_err(|e| document_error(&e))
    }

    /// A one-page statement for the member: months covered and unpaid, payments, what is due next.
    pub fn statement_pdf(
        &self,
        actor: &Actor,
        member_no: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>, ApiError> {
        actor.require(Action::PrintReceipt)?;
        let view = self.member_page(member_no)?;
        let coverage = self.coverage_of(member_no, now)?;
        let t = Bilingual::new();
        let m = &view.member;
        let status = |s: &str| t.both(&format!("statement-status-{s}"));
        // The first month not paid; when every month shown is paid, the one after them.
        let next_unpaid = coverage
            .months
            .iter()
            .find(|c| c.status != CoverageStatus::Covered)
            .map(|c| c.month.clone())
            .or_else(|| {
                let last = coverage.months.last()?;
                Month::parse(&last.month).map(|m| m.next().to_string())
            })
            .map(|m| month_shown(&m))
            .unwrap_or_default();
        // The base in force this month (not a later change), as the month's amount uses it.
        let this_month = Month::of(office_date(now)).to_string();
        let current_base = coverage
            .months
            .iter()
            .find(|c| c.month == this_month)
            .map_or(self.kip(m.income_base_kip), |c| {
                let mark = if c.floor_applied { " *" } else { "" };
                format!("{}{mark}", self.kip(c.base_kip))
            });
        let floor_lifted = coverage.months.iter().any(|c| c.floor_applied);
        let mut doc = ReportDoc {
            fund_name_lo: t.lo.message("card-fund-name", &[]),
            fund_name_en: t.en.message("card-fund-name", &[]),
            office: self.office_line(&t),
            title: t.both("statement-title"),
            fields: vec![
                (t.both("statement-printed"), format_date(office_date(now))),
                (t.both("statement-printed-by"), actor.name.clone()),
                (t.both("receipt-member-no"), m.member_no.clone()),
                (
                    t.both("receipt-member-name"),
                    format!(
                        "{} {}\n{} {}",
                        m.given_name_lo, m.family_name_lo, m.given_name_latin, m.family_name_latin
                    ),
                ),
                (t.both("statement-registered"), format_date(m.registered_on)),
                (t.both("statement-base"), current_base),
            ],
            columns: vec![
                t.both("receipt-col-month"),
                t.both("statement-col-status"),
                t.both("receipt-col-amount"),
                t.both("statement-col-receipt"),
            ],
            rows: coverage
                .months
                .iter()
                .map(|c| {
                    let mark = if c.floor_applied { " *" } else { "" };
                    vec![
                        month_shown(&c.month),
                        status(c.status.as_str()),
                        format!("{}{mark}", self.kip(c.due_kip)),
                        c.receipt.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
            footer: vec![
                (
                    t.both("statement-arrears"),
                    coverage.months_in_arrears.to_string(),
                ),
                (
                    t.both("statement-arrears-kip"),
                    self.kip(coverage.arrears_kip),
                ),
                (
                    t.both("statement-due-now"),
                    self.kip(coverage.current_month_kip),
                ),
                (t.both("statement-next-due"), next_unpaid),
            ],
        };
        if floor_lifted {
            // Where the minimum wage lifted the base, the `*` says so.
            doc.footer
                .push((t.both("receipt-floor-note"), String::new()));
        }
        let pdf =
            nssf_documents::report_pdf(Fonts::bundled(), &doc).map_err(|e| document_error(&e))?;
        let printed = nssf_store::AuditAction::StatementPrinted;
        let _writing = self.write_turn();
        self.store
            .append_audit(now, &actor.staff_id, printed, &m.member_no, vec![])?;
        Ok(pdf)
    }

    /// A cashier's day sheet: receipts, totals by method, voids, cash expected; as closed if closed. One's
    /// own day or, for a supervisor, another cashier's.
    pub fn day_sheet_pdf(
        &self,
        actor: &Actor,
        cashier: &str,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>, ApiError> {
        self.require_day(actor, cashier)?;
        let day = crate::views::DayClose::from(self.day_figures(cashier, date, now)?);
        let closed = self.store.day_close(date, cashier)?;
        let t = Bilingual::new();
        let status = match &closed {
            Some(c) => {
                let time = (c.closed_at + chrono::Duration::hours(7))
                    .format("%H:%M")
                    .to_string();
                t.both_with("day-status-closed", &[("time", &time)])
            }
            None => t.both("day-status-open"),
        };
        let mut rows = Vec::new();
        for no in &day.receipts {
            let view = self.receipt_view(no)?;
            let voided = if view.void.is_some() {
                format!(" ({})", t.both("receipt-mark-void"))
            } else {
                String::new()
            };
            rows.push(vec![
                format!("{no}{voided}"),
                view.receipt.member_no.clone(),
                self.method_name(&t, &view.receipt.method),
                self.kip(view.receipt.total_kip),
            ]);
        }
        let mut footer: Vec<(String, String)> = day
            .totals_by_method
            .iter()
            .map(|(method, kip)| {
                let id = format!("payment-method-{method}");
                let (lo, en) = if t.lo.has_message(&id) {
                    (t.lo.message(&id, &[]), t.en.message(&id, &[]))
                } else {
                    (method.clone(), method.clone())
                };
                let label = format!(
                    "{} / {}",
                    t.lo.message("day-total-method", &[("method", &lo)]),
                    t.en.message("day-total-method", &[("method", &en)])
                );
                (label, self.kip(*kip))
            })
            .collect();
        footer.push((t.both("day-voids"), day.voids.join(", ")));
        footer.push((t.both("day-voided-kip"), self.kip(day.voided_kip)));
        footer.push((t.both("day-cash-expected"), self.kip(day.cash_expected_kip)));
        footer.push((
            t.both("day-signature"),
            "\n\n____________________    ____________________".to_owned(),
        ));
        let doc = ReportDoc {
            fund_name_lo: t.lo.message("card-fund-name", &[]),
            fund_name_en: t.en.message("card-fund-name", &[]),
            office: self.office_line(&t),
            title: t.both("day-title"),
            fields: vec![
                (t.both("day-date"), format_date(date)),
                (t.both("day-cashier"), self.staff_name(&day.cashier)?),
                (t.both("day-status"), status),
            ],
            columns: vec![
                t.both("day-col-receipt"),
                t.both("day-col-member"),
                t.both("day-col-method"),
                t.both("day-col-amount"),
            ],
            rows,
            footer,
        };
        let pdf =
            nssf_documents::report_pdf(Fonts::bundled(), &doc).map_err(|e| document_error(&e))?;
        let printed = nssf_store::AuditAction::DaySheetPrinted;
        let target = format!("day/{date}/{cashier}");
        let _writing = self.write_turn();
        self.store
            .append_audit(now, &actor.staff_id, printed, &target, vec![])?;
        Ok(pdf)
    }
}

/// A month as the statement prints it: `YYYY-MM` → `MM/YYYY`.
fn month_shown(month: &str) -> String {
    match month.split_once('-') {
        Some((year, month)) => format!("{month}/{year}"),
        None => month.to_owned(),
    }
}
