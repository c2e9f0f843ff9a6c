//! Outreach paper for one person (issue 14): the A5 leaflet "why should I join?" a clerk prints for an
//! applicant (at the base they are thinking of) or for a member (at their base, with their hospital and
//! where they stand), and the filled-in A4 application form the office files after a registration.
//!
//! The amounts are the contribution rules' own ([`ContributionPreview`](crate::ContributionPreview) for a
//! bare base, the ledger's month due and coverage for a member), under the national rules in force. The
//! benefit texts and figures are the central office's (`docs/reference-format.md`, `--benefits`); before a
//! reference file with benefits is applied, the bundled `assets/benefits.json` lists the benefit branches
//! of the Law on Social Security without figures. A benefit's figures print where its text names them
//! (`{grant_kip}`); the figure `private_cover_kip` is what comparable private cover costs a month, shown
//! beside what the member pays. Every print of the application form is audited (a reprint says COPY);
//! the leaflet records nothing: it holds nothing but what the counter tells anyone who asks.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use nssf_documents::{
    ApplicationFormDoc, Fonts, FormSection, LeafletDoc, LeafletItem, LeafletSection, SignBox,
};
use nssf_domain::{ledger, Month};
use nssf_exchange::reference::{Benefit, BenefitFigure};
use nssf_i18n::{format_date, format_kip, Localizer};
use nssf_store::{AuditAction, FieldChange};

use crate::members::printed_names;
use crate::{office_date, Action, Actor, ApiError, Desk, Refusal};

/// The language of a leaflet, for callers (the window's shell) that do not use `nssf_i18n` themselves.
pub use nssf_i18n::Language;

/// The benefit branches shipped with the program, in the reference file's `--benefits` format.
const BUNDLED_BENEFITS: &str = include_str!("../../../assets/benefits.json");

/// The figure of a benefit that says what comparable private cover costs a month, in kip.
pub const PRIVATE_COVER_FIGURE: &str = "private_cover_kip";

/// Whom a leaflet is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeafletFor {
    /// A registered member, by number: their base, hospital and arrears.
    Member(String),
    /// Someone thinking of joining, at a monthly income base as typed (Lao digits and the usual
    /// separators accepted, as every amount).
    Base(String),
}

/// The bundled benefit branches, parsed once; they are part of the build and a test checks them against
/// the reference format's rules, so a failure to parse is a build defect.
pub fn bundled_benefits() -> &'static [Benefit] {
    static BUNDLED: OnceLock<Vec<Benefit>> = OnceLock::new();
    BUNDLED.get_or_init(|| serde_json::from_str(BUNDLED_BENEFITS).expect("bundled benefits parse"))
}

fn document_error(e: &nssf_documents::DocumentError) -> ApiError {
    Refusal::DocumentFailed {
        detail: e.to_string(),
    }
    .into()
}

/// What the leaflet says a person pays: the base and its month's figures.
struct Pay {
    base_kip: i64,
    amount_kip: i64,
    floor_applied: bool,
    rate_basis_points: u32,
    floor_kip: i64,
    ceiling_kip: i64,
    floor_amount_kip: i64,
}

/// A rate in basis points as a percentage: 900 → `9%`, 950 → `9.5%`.
fn percent(basis_points: i64) -> String {
    let whole = basis_points / 100;
    let rest = basis_points % 100;
    if rest == 0 {
        format!("{whole}%")
    } else {
        let fraction = format!("{rest:02}");
        format!("{whole}.{}%", fraction.trim_end_matches('0'))
    }
}

impl Desk {
    fn kip_shown(&self, amount: i64) -> String {
        let sep = self.store.office().settings.kip_separator;
        format!("{} ₭", format_kip(amount, sep))
    }

    /// A benefit figure in its unit, in the leaflet's language.
    fn figure_shown(&self, l: &Localizer, figure: &BenefitFigure) -> String {
        let count = figure.value.to_string();
        match figure.unit.as_str() {
            "kip" => self.kip_shown(figure.value),
            "basis_points" => percent(figure.value),
            "days" => l.message("leaflet-figure-days", &[("count", &count)]),
            "months" => l.message("leaflet-figure-months", &[("count", &count)]),
            // The reader refuses other units; a number is still better than nothing.
            _ => count,
        }
    }

    /// The office and workstation line, in one language.
    fn office_shown(&self, l: &Localizer) -> String {
        let o = self.office();
        let (district, province) = match l.language() {
            Language::Lo => (o.district_name_lo, o.province_name_lo),
            Language::En => (o.district_name_en, o.province_name_en),
        };
        l.message(
            "doc-office",
            &[
                ("district", &district),
                ("province", &province),
                ("workstation", &o.workstation),
            ],
        )
    }

    /// The A5 leaflet "why should I join?" in `language`, for a member or for a base someone is thinking
    /// of. A base outside the month's floor and ceiling is refused as the registration form refuses it
    /// (`invalid-input` with the `income_base_kip` problem).
    pub fn leaflet_pdf(
        &self,
        actor: &Actor,
        of: &LeafletFor,
        language: Language,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>, ApiError> {
        actor.require(Action::PrintLeaflet)?;
        let l = Localizer::shared(language);
        let today = office_date(now);
        let national = self.national();
        let printed = format_date(today);
        let mut sections = Vec::new();
        let (lead, pay, base_label) = match of {
            LeafletFor::Base(typed) => {
                let preview = self.contribution_preview(typed, today)?;
                let floor_row = national.schedule.for_month(Month::of(today));
                let pay = Pay {
                    base_kip: preview.income_base_kip,
                    amount_kip: preview.contribution_kip,
                    floor_applied: false,
                    rate_basis_points: preview.rate_basis_points,
                    floor_kip: preview.floor_kip,
                    ceiling_kip: preview.ceiling_kip,
                    floor_amount_kip: floor_row.map_or(0, |r| r.contribution_kip(r.floor_kip)),
                };
                let hospitals = self.hospitals().len().to_string();
                sections.push(LeafletSection {
                    heading: l.message("leaflet-hospital-heading", &[]),
                    items: vec![LeafletItem {
                        title: String::new(),
                        text: l.message("leaflet-hospital-choose", &[("count", &hospitals)]),
                    }],
                });
                (
                    l.message("leaflet-lead-base", &[("printed", &printed)]),
                    pay,
                    "leaflet-base-chosen",
                )
            }
            LeafletFor::Member(member_no) => {
                let member = self.find(member_no)?;
                let ledger = self.store.member_ledger(&member.member_no)?;
                let month = Month::of(today).max(Month::of(member.registered_on));
                let due = ledger::due_for(&national.schedule, &ledger.bases, month)
                    .map_err(|p| ApiError::invalid(vec![p]))?;
                let row = national.schedule.for_month(month).ok_or_else(|| {
                    ApiError::invalid(vec![nssf_domain::Problem::new(
                        "months",
                        nssf_domain::ProblemKind::NoScheduleForMonth {
                            month: month.to_string(),
                        },
                    )])
                })?;
                let pay = Pay {
                    base_kip: due.chosen_base_kip,
                    amount_kip: due.amount_kip,
                    floor_applied: due.floor_applied,
                    rate_basis_points: due.rate_basis_points,
                    floor_kip: row.floor_kip,
                    ceiling_kip: row.ceiling_kip,
                    floor_amount_kip: row.contribution_kip(row.floor_kip),
                };
                let coverage = self.coverage_of(&member.member_no, now)?;
                let status = if coverage.months_in_arrears > 0 {
                    l.message(
                        "leaflet-status-arrears",
                        &[
                            ("months", &coverage.months_in_arrears.to_string()),
                            ("arrears", &self.kip_shown(coverage.arrears_kip)),
                        ],
                    )
                } else if let Some(through) = &coverage.paid_through {
                    l.message("leaflet-status-paid", &[("month", through)])
                } else {
                    l.message("leaflet-status-new", &[])
                };
                let hospital = self
                    .hospitals()
                    .into_iter()
                    .find(|h| h.code == member.hospital)
                    .or_else(|| self.former_hospital(&member.hospital));
                let hospital_name = match (hospital, language) {
                    (Some(h), Language::Lo) => h.name_lo,
                    (Some(h), Language::En) => h.name_en,
                    (None, _) => member.hospital.clone(),
                };
                sections.push(LeafletSection {
                    heading: l.message("leaflet-status-title", &[]),
                    items: vec![LeafletItem {
                        title: String::new(),
                        text: status,
                    }],
                });
                sections.push(LeafletSection {
                    heading: l.message("leaflet-hospital-heading", &[]),
                    items: vec![LeafletItem {
                        title: hospital_name,
                        text: l.message("leaflet-hospital-member", &[]),
                    }],
                });
                let (name_lo, name_latin) = printed_names(&member);
                let name = match language {
                    Language::Lo => name_lo,
                    Language::En => name_latin,
                };
                (
                    l.message(
                        "leaflet-lead-member",
                        &[
                            ("name", &name),
                            ("member_no", &member.member_no),
                            ("printed", &printed),
                        ],
                    ),
                    pay,
                    "leaflet-base-member",
                )
            }
        };
        let rate = percent(i64::from(pay.rate_basis_points));
        let mut figures = vec![
            (l.message(base_label, &[]), self.kip_shown(pay.base_kip)),
            (
                l.message("leaflet-pay-month", &[("rate", &rate)]),
                self.kip_shown(pay.amount_kip),
            ),
            (
                l.message("leaflet-floor", &[]),
                self.kip_shown(pay.floor_kip),
            ),
            (
                l.message("leaflet-pay-floor", &[]),
                self.kip_shown(pay.floor_amount_kip),
            ),
            (
                l.message("leaflet-ceiling", &[]),
                self.kip_shown(pay.ceiling_kip),
            ),
        ];
        if pay.floor_applied {
            figures.push((l.message("leaflet-floor-applies", &[]), String::new()));
        }
        let (ahead, per_receipt) = {
            let office = self.store.office();
            (
                office.settings.max_months_ahead,
                office.settings.max_months_per_receipt,
            )
        };
        // The paying section goes first: it answers "and if I cannot pay every month?".
        sections.insert(
            0,
            LeafletSection {
                heading: l.message("leaflet-paying-heading", &[]),
                items: vec![
                    LeafletItem {
                        title: l.message("leaflet-advance-title", &[]),
                        text: l.message(
                            "leaflet-advance-text",
                            &[
                                ("ahead", &ahead.to_string()),
                                ("per_receipt", &per_receipt.to_string()),
                                ("three", &self.kip_shown(pay.amount_kip * 3)),
                            ],
                        ),
                    },
                    LeafletItem {
                        title: l.message("leaflet-catch-up-title", &[]),
                        text: l.message("leaflet-catch-up-text", &[]),
                    },
                ],
            },
        );
        let from_reference = !national.benefits.is_empty();
        let benefits: &[Benefit] = if from_reference {
            &national.benefits
        } else {
            bundled_benefits()
        };
        let mut items: Vec<LeafletItem> =
            benefits.iter().map(|b| self.benefit_item(l, b)).collect();
        if !from_reference {
            items.push(LeafletItem {
                title: String::new(),
                text: l.message("leaflet-benefits-default", &[]),
            });
        }
        sections.push(LeafletSection {
            heading: l.message("leaflet-benefits-heading", &[]),
            items,
        });
        let private: Vec<LeafletItem> = benefits
            .iter()
            .filter_map(|b| {
                let cover = b.figures.iter().find(|f| f.name == PRIVATE_COVER_FIGURE)?;
                Some(LeafletItem {
                    title: match language {
                        Language::Lo => b.title_lo.clone(),
                        Language::En => b.title_en.clone(),
                    },
                    text: l.message(
                        "leaflet-private-text",
                        &[
                            ("private", &self.kip_shown(cover.value)),
                            ("nssf", &self.kip_shown(pay.amount_kip)),
                        ],
                    ),
                })
            })
            .collect();
        if !private.is_empty() {
            sections.push(LeafletSection {
                heading: l.message("leaflet-private-heading", &[]),
                items: private,
            });
        }
        let footer = match (national.issue, national.issued_on) {
            (Some(issue), Some(issued_on)) => l.message(
                "leaflet-source-reference",
                &[
                    ("issue", &issue.to_string()),
                    ("issued", &format_date(issued_on)),
                ],
            ),
            _ => l.message("leaflet-source-bundled", &[]),
        };
        let doc = LeafletDoc {
            fund_name: l.message("card-fund-name", &[]),
            office: self.office_shown(l),
            title: l.message("leaflet-title", &[]),
            lead,
            figures_heading: l.message("leaflet-figures-heading", &[]),
            figures,
            sections,
            footer,
        };
        nssf_documents::leaflet_pdf(Fonts::bundled(), &doc).map_err(|e| document_error(&e))
    }

    /// A benefit's title and text in the leaflet's language, each `{name}` of its figures replaced by
    /// the figure; figures the text does not name (but the private cover's) follow it.
    fn benefit_item(&self, l: &Localizer, benefit: &Benefit) -> LeafletItem {
        let (title, text) = match l.language() {
            Language::Lo => (&benefit.title_lo, &benefit.text_lo),
            Language::En => (&benefit.title_en, &benefit.text_en),
        };
        let mut text = text.clone();
        let mut unnamed = Vec::new();
        for figure in &benefit.figures {
            let placeholder = format!("{{{}}}", figure.name);
            if text.contains(&placeholder) {
                text = text.replace(&placeholder, &self.figure_shown(l, figure));
            } else if figure.name != PRIVATE_COVER_FIGURE {
                unnamed.push(self.figure_shown(l, figure));
            }
        }
        if !unnamed.is_empty() {
            text = format!("{text} ({})", unnamed.join(", "));
        }
        LeafletItem {
            title: title.clone(),
            text,
        }
    }

    /// The member's filled-in application form (A4, Lao) with boxes for the applicant's signature or
    /// thumbprint and the clerk's. Every print is audited (`application-form-printed`, counting the
    /// prints): the first is the one the office files, a later one is marked COPY, so a second form in
    /// the files, or one missing from them, can be traced to who printed it and when.
    pub fn application_form_pdf(
        &self,
        actor: &Actor,
        member_no: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>, ApiError> {
        actor.require(Action::PrintApplicationForm)?;
        let member = self.find(member_no)?;
        let view = self.view(member.clone())?;
        let l = Localizer::shared(Language::Lo);
        // Held from counting the prints to appending this one, so that two prints at once cannot both be
        // the original.
        let _writing = self.write_turn();
        let previous = self
            .store
            .history(&member.member_no)?
            .iter()
            .filter(|e| e.action == AuditAction::ApplicationFormPrinted)
            .count();
        let print = previous + 1;
        let (name_lo, name_latin) = printed_names(&member);
        let msg = |id: &str| l.message(id, &[]);
        let choice = |prefix: &str, code: &str| l.message(&format!("{prefix}-{code}"), &[]);
        let documents = member
            .documents
            .iter()
            .map(|d| format!("{}: {}", choice("document", d.kind.as_str()), d.number))
            .collect::<Vec<_>>()
            .join("\n");
        let mut applicant = vec![
            (msg("field-member_no"), member.member_no.clone()),
            (msg("application-form-name-lo"), name_lo.clone()),
            (msg("application-form-name-latin"), name_latin),
            (msg("field-sex"), choice("sex", member.sex.as_str())),
            (
                msg("field-date_of_birth"),
                format_date(member.date_of_birth),
            ),
            (msg("field-documents"), documents),
            (
                msg("field-occupation"),
                choice("occupation", member.occupation.as_str()),
            ),
        ];
        for (id, value) in [
            ("field-business_licence_no", &member.business_licence_no),
            ("field-tax_id", &member.tax_id),
        ] {
            if !value.is_empty() {
                applicant.push((msg(id), value.clone()));
            }
        }
        applicant.push((
            msg("field-registered_on"),
            format_date(member.registered_on),
        ));
        let phone = nssf_domain::phone::national_number(&member.phone)
            .map_or_else(|| member.phone.clone(), |n| format!("0{n}"));
        let mut address = Vec::new();
        if !member.house_no.is_empty() {
            address.push((msg("field-house_no"), member.house_no.clone()));
        }
        address.extend([
            (msg("field-village_code"), view.village_name_lo.clone()),
            (msg("field-district_code"), view.district_name_lo.clone()),
            (msg("field-province"), view.province_name_lo.clone()),
            (msg("field-phone"), phone),
        ]);
        let national = self.national();
        let month = Month::of(office_date(now)).max(Month::of(member.registered_on));
        let ledger = self.store.member_ledger(&member.member_no)?;
        let monthly = ledger::due_for(&national.schedule, &ledger.bases, month)
            .map_or(view.monthly_contribution_kip, |due| due.amount_kip);
        let base = ledger::base_for(&ledger.bases, month).unwrap_or(member.income_base_kip);
        let hospital = if view.hospital_name_lo.is_empty() {
            member.hospital.clone()
        } else {
            view.hospital_name_lo.clone()
        };
        let contribution = vec![
            (msg("field-income_base_kip"), self.kip_shown(base)),
            (msg("application-form-monthly"), self.kip_shown(monthly)),
            (msg("field-hospital"), hospital),
        ];
        let dependants = member
            .dependants
            .iter()
            .map(|d| {
                [
                    d.name.clone(),
                    choice("relation", d.relation.as_str()),
                    format_date(d.date_of_birth),
                ]
            })
            .collect();
        let form = ApplicationFormDoc {
            fund_name: msg("card-fund-name"),
            office: self.office_shown(l),
            title: msg("application-form-title"),
            mark: (print > 1).then(|| msg("receipt-mark-copy")),
            sections: vec![
                FormSection {
                    heading: msg("application-form-section-applicant"),
                    rows: applicant,
                },
                FormSection {
                    heading: msg("application-form-section-address"),
                    rows: address,
                },
                FormSection {
                    heading: msg("application-form-section-contribution"),
                    rows: contribution,
                },
            ],
            dependants_heading: msg("field-dependants"),
            dependant_columns: [
                msg("field-dependant-name"),
                msg("field-dependant-relation"),
                msg("field-dependant-date_of_birth"),
            ],
            dependants,
            no_dependants: msg("dependants-none"),
            consent_heading: msg("field-consent"),
            consent: format!(
                "{}\n{}",
                msg("consent-statement"),
                msg("application-form-declaration")
            ),
            applicant_sign: SignBox {
                label: msg("application-form-sign-applicant"),
                name: name_lo,
            },
            clerk_sign: SignBox {
                label: msg("application-form-sign-clerk"),
                name: actor.name.clone(),
            },
            date_label: msg("field-date"),
            footer: l.message(
                "application-form-footer",
                &[
                    ("printed", &format_date(office_date(now))),
                    ("clerk", &actor.name),
                    ("print", &print.to_string()),
                ],
            ),
        };
        let pdf = nssf_documents::application_form_pdf(Fonts::bundled(), &form)
            .map_err(|e| document_error(&e))?;
        let prints = FieldChange {
            field: "prints".into(),
            before: previous.to_string(),
            after: print.to_string(),
        };
        self.store.append_audit(
            now,
            &actor.staff_id,
            AuditAction::ApplicationFormPrinted,
            &member.member_no,
            vec![prints],
        )?;
        Ok(pdf)
    }
}
