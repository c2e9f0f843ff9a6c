//! The report and the arrears list on paper and in spreadsheets (issue 14): the district chief's PDF with
//! its charts, the A4 call sheet, and both as CSV (UTF-8 with a byte-order mark, so that office
//! spreadsheets read Lao; RFC 4180 quoting; CRLF line ends). The column layouts are in `docs/reports.md`.

use chrono::{DateTime, NaiveDate, Utc};
use nssf_documents::{
    Bar, BarChart, CallSheetDoc, CallSheetMember, CallSheetVillage, ChartShape, Fonts,
    OutreachReportDoc, Table,
};
use nssf_i18n::{format_date, format_kip, Language, Localizer};

use crate::arrears::{ArrearsLine, ArrearsQuery};
use crate::{office_date, Action, Actor, ApiError, Desk, Refusal};

/// The byte-order mark that tells spreadsheet programs the file is UTF-8.
const UTF8_BOM: &str = "\u{feff}";

/// A CSV file being written: RFC 4180 quoting, CRLF line ends, a byte-order mark first.
struct Csv {
    text: String,
}

impl Csv {
    fn new(columns: &[&str]) -> Csv {
        let mut csv = Csv {
            text: UTF8_BOM.to_owned(),
        };
        csv.row(columns.iter().map(|c| (*c).to_owned()));
        csv
    }

    fn row(&mut self, cells: impl IntoIterator<Item = String>) {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.text.push(',');
            }
            if cell.contains([',', '"', '\r', '\n']) {
                self.text.push('"');
                self.text.push_str(&cell.replace('"', "\"\""));
                self.text.push('"');
            } else {
                self.text.push_str(&cell);
            }
        }
        self.text.push_str("\r\n");
    }

    fn into_bytes(self) -> Vec<u8> {
        self.text.into_bytes()
    }
}

/// "ລາວ / English" from one message id.
fn both(id: &str, args: &[(&str, &str)]) -> String {
    format!(
        "{} / {}",
        Localizer::shared(Language::Lo).message(id, args),
        Localizer::shared(Language::En).message(id, args)
    )
}

fn lo(id: &str) -> String {
    Localizer::shared(Language::Lo).message(id, &[])
}

/// The message `{prefix}-{code}` in Lao and English, or the code itself when there is none (a payment
/// method the office added).
fn named(prefix: &str, code: &str) -> (String, String) {
    let id = format!("{prefix}-{code}");
    let (l, e) = (
        Localizer::shared(Language::Lo),
        Localizer::shared(Language::En),
    );
    if l.has_message(&id) {
        (l.message(&id, &[]), e.message(&id, &[]))
    } else {
        (code.to_owned(), code.to_owned())
    }
}

fn document_error(e: &nssf_documents::DocumentError) -> ApiError {
    Refusal::DocumentFailed {
        detail: e.to_string(),
    }
    .into()
}

/// A week's Monday as the chart's axis prints it: `DD/MM`.
fn day_month(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map_or_else(|_| iso.to_owned(), |d| d.format("%d/%m").to_string())
}

/// A month `YYYY-MM` as paper prints it: `MM/YYYY`.
fn month_shown(month: &str) -> String {
    match month.split_once('-') {
        Some((year, month)) => format!("{month}/{year}"),
        None => month.to_owned(),
    }
}

/// A stored E.164 phone as a caller in Laos dials it (`+8562055551234` → `02055551234`).
fn dialled(e164: &str) -> String {
    nssf_domain::phone::national_number(e164).map_or_else(|| e164.to_owned(), |n| format!("0{n}"))
}

/// A village as a report line names it.
fn village_shown(code: &str, name_lo: &str) -> String {
    match (code.is_empty(), name_lo.is_empty()) {
        (false, _) => format!("{name_lo} ({code})"),
        (true, false) => {
            Localizer::shared(Language::Lo).message("report-village-typed", &[("name", name_lo)])
        }
        (true, true) => lo("report-village-none"),
    }
}

impl Desk {
    fn kip_text(&self, amount: i64) -> String {
        let sep = self.store.office().settings.kip_separator;
        format!("{} ₭", format_kip(amount, sep))
    }

    fn fund_and_office(&self) -> (String, String, String) {
        let o = self.office();
        let line = |lang: Language, district: &str, province: &str| {
            Localizer::shared(lang).message(
                "doc-office",
                &[
                    ("district", district),
                    ("province", province),
                    ("workstation", &o.workstation),
                ],
            )
        };
        (
            Localizer::shared(Language::Lo).message("card-fund-name", &[]),
            Localizer::shared(Language::En).message("card-fund-name", &[]),
            format!(
                "{}\n{}",
                line(Language::Lo, &o.district_name_lo, &o.province_name_lo),
                line(Language::En, &o.district_name_en, &o.province_name_en)
            ),
        )
    }

    /// The report of `from` to `to` as CSV: one table of `section,code,name_lo,registrations,payments,kip,members`
    /// (`docs/reports.md`).
    pub fn report_csv(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>, ApiError> {
        actor.require(Action::ViewReports)?;
        let r = self.report_figures(from, to, now)?;
        let mut csv = Csv::new(&[
            "section",
            "code",
            "name_lo",
            "registrations",
            "payments",
            "kip",
            "members",
        ]);
        let n = |v: u64| v.to_string();
        let empty = String::new;
        csv.row([
            "period".into(),
            from.to_string(),
            to.to_string(),
            empty(),
            empty(),
            empty(),
            empty(),
        ]);
        csv.row([
            "total".into(),
            empty(),
            empty(),
            n(r.registrations),
            n(r.payments),
            r.kip.to_string(),
            empty(),
        ]);
        for (method, kip) in &r.kip_by_method {
            csv.row([
                "method".into(),
                method.clone(),
                named("payment-method", method).0,
                empty(),
                empty(),
                kip.to_string(),
                empty(),
            ]);
        }
        for v in &r.by_village {
            csv.row([
                "village".into(),
                v.village_code.clone(),
                v.village_name_lo.clone(),
                n(v.registrations),
                n(v.payments),
                v.kip.to_string(),
                empty(),
            ]);
        }
        let groups = [
            ("occupation", "occupation", &r.by_occupation),
            ("sex", "sex", &r.by_sex),
        ];
        for (section, prefix, counts) in groups {
            for (code, count) in counts {
                csv.row([
                    section.into(),
                    code.clone(),
                    named(prefix, code).0,
                    n(*count),
                    empty(),
                    empty(),
                    empty(),
                ]);
            }
        }
        for (group, count) in &r.by_age_group {
            csv.row([
                "age_group".into(),
                group.clone(),
                empty(),
                n(*count),
                empty(),
                empty(),
                empty(),
            ]);
        }
        for (code, count) in [("active", r.active), ("lapsed", r.lapsed)] {
            csv.row([
                "members".into(),
                code.into(),
                empty(),
                empty(),
                empty(),
                empty(),
                n(count),
            ]);
        }
        for w in &r.weeks {
            csv.row([
                "week".into(),
                w.week_start.clone(),
                empty(),
                n(w.registrations),
                n(w.payments),
                w.kip.to_string(),
                empty(),
            ]);
        }
        Ok(csv.into_bytes())
    }

    /// The report of `from` to `to` as an A4 PDF for the district chief, with its charts.
    pub fn report_pdf(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>, ApiError> {
        actor.require(Action::ViewReports)?;
        let r = self.report_figures(from, to, now)?;
        let as_of = to.min(office_date(now)).to_string();
        let lapsed_after = self.store.office().settings.lapsed_after_months.to_string();
        let (fund_name_lo, fund_name_en, office) = self.fund_and_office();
        let count_bar = |label: String, count: u64| Bar {
            label,
            value: count as f64,
            shown: count.to_string(),
        };
        let grouped = |prefix: &str, counts: &std::collections::BTreeMap<String, u64>| {
            counts
                .iter()
                .map(|(code, count)| {
                    let (l, e) = named(prefix, code);
                    count_bar(format!("{l} / {e}"), *count)
                })
                .collect::<Vec<_>>()
        };
        let charts = vec![
            BarChart {
                title: both("report-chart-registrations", &[]),
                shape: ChartShape::Columns,
                bars: r
                    .weeks
                    .iter()
                    .map(|w| count_bar(day_month(&w.week_start), w.registrations))
                    .collect(),
            },
            BarChart {
                title: both("report-chart-kip", &[]),
                shape: ChartShape::Columns,
                bars: r
                    .weeks
                    .iter()
                    .map(|w| Bar {
                        label: day_month(&w.week_start),
                        value: w.kip as f64,
                        shown: self.kip_text(w.kip),
                    })
                    .collect(),
            },
            BarChart {
                title: both("report-chart-method", &[]),
                shape: ChartShape::Bars,
                bars: r
                    .kip_by_method
                    .iter()
                    .map(|(method, kip)| {
                        let (l, e) = named("payment-method", method);
                        Bar {
                            label: format!("{l} / {e}"),
                            value: *kip as f64,
                            shown: self.kip_text(*kip),
                        }
                    })
                    .collect(),
            },
            BarChart {
                title: both("report-chart-sex", &[]),
                shape: ChartShape::Bars,
                bars: grouped("sex", &r.by_sex),
            },
            BarChart {
                title: both("report-chart-age", &[]),
                shape: ChartShape::Bars,
                bars: r
                    .by_age_group
                    .iter()
                    .map(|(group, count)| count_bar(group.clone(), *count))
                    .collect(),
            },
            BarChart {
                title: both("report-chart-occupation", &[]),
                shape: ChartShape::Bars,
                bars: grouped("occupation", &r.by_occupation),
            },
        ];
        let figures = |registrations: u64, payments: u64, kip: i64| {
            [
                registrations.to_string(),
                payments.to_string(),
                self.kip_text(kip),
            ]
        };
        let columns = |first: &str| {
            vec![
                both(first, &[]),
                both("report-col-registrations", &[]),
                both("report-col-payments", &[]),
                both("report-col-kip", &[]),
            ]
        };
        let tables = vec![
            Table {
                title: both("report-table-villages", &[]),
                columns: columns("report-col-village"),
                rows: r
                    .by_village
                    .iter()
                    .map(|v| {
                        std::iter::once(village_shown(&v.village_code, &v.village_name_lo))
                            .chain(figures(v.registrations, v.payments, v.kip))
                            .collect()
                    })
                    .collect(),
            },
            Table {
                title: both("report-table-weeks", &[]),
                columns: columns("report-col-week"),
                rows: r
                    .weeks
                    .iter()
                    .map(|w| {
                        let monday = NaiveDate::parse_from_str(&w.week_start, "%Y-%m-%d")
                            .map_or_else(|_| w.week_start.clone(), format_date);
                        std::iter::once(monday)
                            .chain(figures(w.registrations, w.payments, w.kip))
                            .collect()
                    })
                    .collect(),
            },
        ];
        let doc = OutreachReportDoc {
            fund_name_lo,
            fund_name_en,
            office,
            title: both("report-title", &[]),
            fields: vec![
                (
                    both("report-period", &[]),
                    Localizer::shared(Language::Lo).message(
                        "report-period-value",
                        &[("from", &from.to_string()), ("to", &to.to_string())],
                    ),
                ),
                (
                    both("report-printed-on", &[]),
                    format_date(office_date(now)),
                ),
            ],
            headline: vec![
                vec![
                    (
                        both("report-registrations", &[]),
                        r.registrations.to_string(),
                    ),
                    (both("report-payments", &[]), r.payments.to_string()),
                    (both("report-kip", &[]), self.kip_text(r.kip)),
                ],
                vec![
                    (
                        both("report-active", &[("date", &as_of)]),
                        r.active.to_string(),
                    ),
                    (
                        both(
                            "report-lapsed",
                            &[("months", &lapsed_after), ("date", &as_of)],
                        ),
                        r.lapsed.to_string(),
                    ),
                ],
            ],
            charts,
            tables,
        };
        nssf_documents::outreach_report_pdf(Fonts::bundled(), &doc).map_err(|e| document_error(&e))
    }

    /// The arrears list as CSV for an SMS gateway: the JSON's fields and the village's Lao name.
    pub fn arrears_csv(
        &self,
        actor: &Actor,
        query: &ArrearsQuery,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>, ApiError> {
        actor.require(Action::ViewReports)?;
        let lines = self.arrears_lines(query, now)?;
        let mut csv = Csv::new(&[
            "member_no",
            "name_lo",
            "name_latin",
            "village_code",
            "village_name_lo",
            "phone",
            "unpaid_months",
            "owed_kip",
            "last_paid_month",
        ]);
        for l in lines {
            csv.row([
                l.member_no,
                l.name_lo,
                l.name_latin,
                l.village_code,
                l.village_name_lo,
                l.phone,
                l.unpaid_months.to_string(),
                l.owed_kip.to_string(),
                l.last_paid_month.unwrap_or_default(),
            ]);
        }
        Ok(csv.into_bytes())
    }

    /// The arrears list as an A4 call sheet, village by village, with tick boxes for "called / reached
    /// / promised to pay".
    pub fn call_sheet_pdf(
        &self,
        actor: &Actor,
        query: &ArrearsQuery,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>, ApiError> {
        actor.require(Action::ViewReports)?;
        let lines = self.arrears_lines(query, now)?;
        let (fund_name_lo, fund_name_en, office) = self.fund_and_office();
        let mut villages: Vec<(String, String, Vec<ArrearsLine>)> = Vec::new();
        for line in lines {
            match villages.last_mut() {
                Some((code, name, members))
                    if *code == line.village_code && *name == line.village_name_lo =>
                {
                    members.push(line);
                }
                Some(_) | None => villages.push((
                    line.village_code.clone(),
                    line.village_name_lo.clone(),
                    vec![line],
                )),
            }
        }
        let never = both("callsheet-never-paid", &[]);
        let doc = CallSheetDoc {
            fund_name_lo,
            fund_name_en,
            office,
            title: both("callsheet-title", &[]),
            fields: vec![
                (both("callsheet-as-of", &[]), format_date(office_date(now))),
                (
                    both("callsheet-min-months", &[]),
                    query.min_months.max(1).to_string(),
                ),
            ],
            columns: [
                both("callsheet-col-member", &[]),
                both("callsheet-col-phone", &[]),
                both("callsheet-col-months", &[]),
                both("callsheet-col-owed", &[]),
                both("callsheet-col-last-paid", &[]),
            ],
            ticks: [
                both("callsheet-called", &[]),
                both("callsheet-reached", &[]),
                both("callsheet-promised", &[]),
            ],
            empty: both("callsheet-empty", &[]),
            villages: villages
                .into_iter()
                .map(|(code, name, members)| {
                    let owed: i64 = members.iter().map(|m| m.owed_kip).sum();
                    CallSheetVillage {
                        heading: Localizer::shared(Language::Lo).message(
                            "callsheet-village",
                            &[
                                ("village", &village_shown(&code, &name)),
                                ("count", &members.len().to_string()),
                                ("kip", &self.kip_text(owed)),
                            ],
                        ),
                        members: members
                            .into_iter()
                            .map(|m| CallSheetMember {
                                name_lo: m.name_lo,
                                name_latin: m.name_latin,
                                member_no: m.member_no,
                                phone: dialled(&m.phone),
                                months: m.unpaid_months.to_string(),
                                owed: self.kip_text(m.owed_kip),
                                last_paid: m
                                    .last_paid_month
                                    .as_deref()
                                    .map_or_else(|| never.clone(), month_shown),
                            })
                            .collect(),
                    }
                })
                .collect(),
        };
        nssf_documents::call_sheet_pdf(Fonts::bundled(), &doc).map_err(|e| document_error(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::Csv;

    #[test]
    fn csv_cells_are_quoted_when_they_must_be() {
        let check = |cells: &[&str], line: &str| {
            let mut csv = Csv::new(&["a"]);
            csv.row(cells.iter().map(|c| (*c).to_owned()));
            let bytes = csv.into_bytes();
            let text = std::str::from_utf8(&bytes).expect("UTF-8");
            assert_eq!(text, format!("\u{feff}a\r\n{line}\r\n"), "{cells:?}");
        };
        check(&["ບ້ານ ໜອງປິງ", "0101001"], "ບ້ານ ໜອງປິງ,0101001");
        check(&["Ban Nong, Ping"], "\"Ban Nong, Ping\"");
        check(&["say \"hi\""], "\"say \"\"hi\"\"\"");
        check(&["two\nlines", ""], "\"two\nlines\",");
        check(&["+8562055551234"], "+8562055551234");
    }
}
