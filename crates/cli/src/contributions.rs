//! Contributions: `pay`, `set-base`, `coverage`, `balance`, `void`, `receipt`, `statement`, `day-close`.

use std::path::PathBuf;

use nssf_api::nssf_domain::dates::parse_date;
use nssf_api::{MonthsChoice, PaymentRequest, ReceiptFormat};

use crate::failure::Failure;
use crate::files::write_output;
use crate::invocation::{out, print_json, Invocation};

#[derive(clap::Args, Debug)]
pub struct Pay {
    number: String,
    /// The next N months not yet paid (arrears first).
    #[arg(long, conflicts_with_all = ["from", "to"], required_unless_present = "from")]
    months: Option<u32>,
    #[arg(long, requires = "to")]
    from: Option<String>,
    #[arg(long, requires = "from")]
    to: Option<String>,
    #[arg(long)]
    method: String,
    #[arg(long, default_value = "")]
    reference: String,
    /// Payment date (default today).
    #[arg(long)]
    on: Option<String>,
    /// Pay `--from`/`--to` even though earlier months stay unpaid.
    #[arg(long, requires = "from")]
    skip_arrears: bool,
    /// A supervisor allows a payment date further back than the office's limit.
    #[arg(long)]
    allow_backdate: bool,
}

impl Pay {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let months = match (self.months, &self.from, &self.to) {
            (Some(count), _, _) => MonthsChoice::Next { count },
            (None, Some(from), Some(to)) => MonthsChoice::Range {
                from: from.clone(),
                to: to.clone(),
            },
            // Not reached: clap requires `--months` or both `--from` and `--to`.
            (None, _, _) => MonthsChoice::Next { count: 0 },
        };
        let request = PaymentRequest {
            member_no: self.number.clone(),
            months,
            method: self.method.clone(),
            reference: self.reference.clone(),
            paid_on: self.on.clone().unwrap_or_default(),
            skip_arrears: self.skip_arrears,
            allow_backdate: self.allow_backdate,
        };
        let receipt = desk.pay(&at.actor, &request, at.now)?;
        out!("{}", receipt.receipt_no);
        Ok(())
    }
}

#[derive(clap::Args, Debug)]
pub struct SetBase {
    number: String,
    #[arg(long)]
    kip: String,
    #[arg(long)]
    from: String,
}

impl SetBase {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        desk.set_base(&at.actor, &self.number, &self.kip, &self.from, at.now)?;
        Ok(())
    }
}

#[derive(clap::Args, Debug)]
pub struct Coverage {
    number: String,
    #[arg(long)]
    json: bool,
}

impl Coverage {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let view = desk.coverage(&at.actor, &self.number, at.now)?;
        if self.json {
            // The contract's fields exactly.
            let months: Vec<serde_json::Value> = view
                .months
                .iter()
                .map(|m| serde_json::json!({"month": m.month, "status": m.status, "receipt": m.receipt, "due_kip": m.due_kip}))
                .collect();
            return print_json(&months);
        }
        for m in &view.months {
            out!(
                "{}  {:8}  {:>10}  {}",
                m.month,
                m.status,
                m.due_kip,
                m.receipt.as_deref().unwrap_or("")
            );
        }
        Ok(())
    }
}

#[derive(clap::Args, Debug)]
pub struct Balance {
    number: String,
    /// The day of the figures, `YYYY-MM-DD` (default today).
    #[arg(long)]
    on: Option<String>,
    #[arg(long)]
    json: bool,
}

impl Balance {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let on = match &self.on {
            Some(text) => parse_date("on", text).map_err(Failure::InvalidDate)?,
            None => nssf_api::office_date(at.now),
        };
        let desk = at.open_desk()?;
        let balance = desk.balance(&at.actor, &self.number, on)?;
        if self.json {
            // The contract's fields exactly: `BalanceView` is that contract.
            return print_json(&balance);
        }
        out!("arrears_months  {}", balance.arrears_months);
        out!("arrears_kip     {}", balance.arrears_kip);
        out!("this_month_kip  {}", balance.this_month_kip);
        out!("to_pay_now_kip  {}", balance.to_pay_now_kip);
        out!(
            "paid_through    {}",
            balance.paid_through.as_deref().unwrap_or("-")
        );
        Ok(())
    }
}

#[derive(clap::Args, Debug)]
pub struct Void {
    receipt: String,
    #[arg(long)]
    reason: String,
}

impl Void {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        desk.void(&at.actor, &self.receipt, &self.reason, at.now)?;
        Ok(())
    }
}

#[derive(clap::Args, Debug)]
pub struct Receipt {
    receipt: String,
    #[arg(long)]
    out: PathBuf,
    #[arg(long, value_enum, default_value_t = ReceiptPaper::A5)]
    format: ReceiptPaper,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum ReceiptPaper {
    A5,
    Roll,
}

impl Receipt {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let format = match self.format {
            ReceiptPaper::A5 => ReceiptFormat::A5,
            ReceiptPaper::Roll => ReceiptFormat::Roll,
        };
        let pdf = desk.receipt_pdf(&at.actor, &self.receipt, format, at.now)?;
        write_output(&self.out, &pdf)
    }
}

#[derive(clap::Args, Debug)]
pub struct Statement {
    number: String,
    #[arg(long)]
    out: PathBuf,
}

impl Statement {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let pdf = desk.statement_pdf(&at.actor, &self.number, at.now)?;
        write_output(&self.out, &pdf)
    }
}

#[derive(clap::Args, Debug)]
pub struct DayClose {
    #[arg(long)]
    date: String,
    #[arg(long)]
    out: PathBuf,
    /// Another cashier's staff id: a supervisor closes their day (default: the signed-in person's own).
    #[arg(long)]
    cashier: Option<String>,
}

impl DayClose {
    pub fn run(&self, at: &Invocation) -> Result<(), Failure> {
        let desk = at.open_desk()?;
        let date = parse_date("date", &self.date).map_err(Failure::InvalidDate)?;
        let cashier = self.cashier.as_deref().unwrap_or(&at.actor.staff_id);
        desk.close_day(&at.actor, cashier, date, at.now)?;
        let pdf = desk.day_sheet_pdf(&at.actor, cashier, date, at.now)?;
        write_output(&self.out, &pdf)
    }
}
