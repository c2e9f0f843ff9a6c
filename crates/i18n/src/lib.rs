//! Messages in Lao and English from `locales/<lang>/*.ftl`, the single source for the UI, the CLI and the
//! PDFs, plus the number and date formats of official documents.
//!
//! ```
//! use nssf_i18n::{Language, Localizer};
//! let en = Localizer::new(Language::En);
//! assert_eq!(en.message("error-required", &[]), "This field is required.");
//! assert_eq!(nssf_i18n::format_kip(2_500_000, ','), "2,500,000");
//! ```

#![warn(missing_docs)]

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Serialize;
use serde_json::Value;

pub mod words;

mod files {
    include!(concat!(env!("OUT_DIR"), "/locale_files.rs"));
}

/// The embedded locale files: (language, file name, text).
pub fn locale_files() -> &'static [(&'static str, &'static str, &'static str)] {
    files::FILES
}

/// A language the office works in: every message exists in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// Lao, the office's working language.
    Lo,
    /// English, the second language of bilingual documents.
    En,
}

impl Language {
    /// Every language, in the order the parity tests and language pickers list them.
    pub const ALL: [Language; 2] = [Language::Lo, Language::En];

    /// The BCP 47 code, also the folder name under `locales/`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Lo => "lo",
            Language::En => "en",
        }
    }

    /// Reads a language from a setting or a `--lang` flag: the code, a region variant or the
    /// English name, in any case. `None` for anything else: the caller chooses the fallback.
    pub fn parse(text: &str) -> Option<Language> {
        match text.trim().to_ascii_lowercase().as_str() {
            "lo" | "lo-la" | "lao" => Some(Language::Lo),
            "en" | "en-us" | "en-gb" | "english" => Some(Language::En),
            _ => None,
        }
    }
}

/// A parse error in a locale file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocaleProblem {
    /// The language code, e.g. `lo`.
    pub language: &'static str,
    /// The file name under `locales/<language>/`.
    pub file: &'static str,
    /// Fluent's description of the error, with its position.
    pub detail: String,
}

/// Parses every file of a language; returns the resources and the problems found.
pub fn parse_language(lang: Language) -> (Vec<FluentResource>, Vec<LocaleProblem>) {
    let mut resources = Vec::new();
    let mut problems = Vec::new();
    for (language, file, text) in locale_files().iter().filter(|(l, _, _)| *l == lang.code()) {
        match FluentResource::try_new((*text).to_owned()) {
            Ok(r) => resources.push(r),
            Err((r, errors)) => {
                problems.extend(errors.iter().map(|e| LocaleProblem {
                    language,
                    file,
                    detail: format!("{e:?}"),
                }));
                resources.push(r);
            }
        }
    }
    (resources, problems)
}

/// Formats messages of one language. Thread-safe; build it once per language.
pub struct Localizer {
    language: Language,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Localizer")
            .field("language", &self.language)
            .finish()
    }
}

impl Localizer {
    /// For screens and terminals: placeables keep Fluent's bidi isolation marks off too, because Lao and
    /// English are both left to right and the marks only show as boxes in terminals and PDFs.
    pub fn new(language: Language) -> Localizer {
        let id = match language {
            Language::Lo => unic_langid::langid!("lo"),
            Language::En => unic_langid::langid!("en"),
        };
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        bundle.set_use_isolating(false);
        let (resources, _problems) = parse_language(language);
        for r in resources {
            // Duplicate ids are caught by the locale tests; the first definition wins here.
            let _ = bundle.add_resource(r);
        }
        Localizer { language, bundle }
    }

    /// One parsed localizer per language for the whole process: documents are made many times a day and
    /// parsing every locale file each time costs milliseconds. The messages are compiled in and immutable.
    pub fn shared(language: Language) -> &'static Localizer {
        static LO: std::sync::OnceLock<Localizer> = std::sync::OnceLock::new();
        static EN: std::sync::OnceLock<Localizer> = std::sync::OnceLock::new();
        match language {
            Language::Lo => LO.get_or_init(|| Localizer::new(Language::Lo)),
            Language::En => EN.get_or_init(|| Localizer::new(Language::En)),
        }
    }

    /// The language this localizer formats.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The message with its arguments; the id itself when the message is missing (the tests prevent that).
    /// Date arguments given in ISO form are shown as official documents write them, as in [`Self::error`].
    pub fn message(&self, id: &str, args: &[(&str, &str)]) -> String {
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            if let Some(shown) = official_date(k, v) {
                fargs.set(*k, FluentValue::from(shown));
                continue;
            }
            // Numbers stay numbers so that plural selectors work.
            match v.parse::<i64>() {
                Ok(n) if !v.starts_with('0') || v.len() == 1 => fargs.set(*k, number(k, n)),
                _ => fargs.set(*k, FluentValue::from(v.to_string())),
            }
        }
        self.format(id, &fargs)
    }

    /// Explains a refusal or a field problem: anything that serialises as the error contract's
    /// `{"code": …, "args": {…}}` (`nssf_api::Refusal`, `nssf_domain::ProblemKind`) is shown as the message
    /// `error-<code>`. This is the one place where typed arguments become Fluent arguments, as the window's
    /// `errors.ts` does with the same JSON: numbers stay numbers (plural selectors work; `*_kip` amounts are
    /// grouped), lists are joined with ", ", days and months (`date`, `month`, `from`, `to`, a typed `value`)
    /// are shown as official documents write them (`YYYY-MM-DD` → `DD/MM/YYYY`, `YYYY-MM` → `MM/YYYY`), other
    /// strings pass as they are. A value of another shape is shown as its JSON, never as a blank.
    pub fn error(&self, coded: &impl Serialize) -> String {
        let wire = match serde_json::to_value(coded) {
            Ok(wire) => wire,
            Err(e) => return format!("error ({e})"),
        };
        let (Some(Value::String(code)), args) = (wire.get("code"), wire.get("args")) else {
            return wire.to_string();
        };
        let mut fargs = FluentArgs::new();
        if let Some(Value::Object(args)) = args {
            for (k, v) in args {
                if let Some(value) = fluent_value(k, v) {
                    fargs.set(k.as_str(), value);
                }
            }
        }
        self.format(&format!("error-{code}"), &fargs)
    }

    fn format(&self, id: &str, args: &FluentArgs<'_>) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(args), &mut errors)
            .into_owned()
    }

    /// Whether `id` exists in this language (for callers that fall back to another id).
    pub fn has_message(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }
}

/// A whole number as a Fluent argument. Amounts (`*_kip`) are shown grouped; they are never plural
/// selectors.
fn number(name: &str, n: i64) -> FluentValue<'static> {
    if name.ends_with("_kip") {
        FluentValue::from(format_kip(n, ','))
    } else {
        FluentValue::from(n)
    }
}

/// One typed argument of the error contract as a Fluent argument; `None` for an absent (null) one.
fn fluent_value(name: &str, value: &Value) -> Option<FluentValue<'static>> {
    match value {
        Value::Null => None,
        Value::Number(n) => Some(match (n.as_i64(), n.as_f64()) {
            (Some(whole), _) => number(name, whole),
            (None, Some(real)) => FluentValue::from(real),
            (None, None) => FluentValue::from(n.to_string()),
        }),
        Value::String(text) => Some(FluentValue::from(
            official_date(name, text).unwrap_or_else(|| text.clone()),
        )),
        Value::Array(items) => {
            let texts: Vec<String> = items
                .iter()
                .map(|item| match item {
                    Value::String(text) => text.clone(),
                    Value::Null
                    | Value::Bool(_)
                    | Value::Number(_)
                    | Value::Array(_)
                    | Value::Object(_) => item.to_string(),
                })
                .collect();
            Some(FluentValue::from(texts.join(", ")))
        }
        Value::Bool(_) | Value::Object(_) => Some(FluentValue::from(value.to_string())),
    }
}

/// The arguments that carry a day or a month. The error contract sends them in ISO form (`2026-11-20`,
/// `2026-11`), which scripts read; people read the form of official documents. Chosen by name, not by shape
/// alone: an office code such as `0101-01` looks like a month.
const DATE_ARGUMENTS: [&str; 5] = ["date", "month", "from", "to", "value"];

/// `2026-11-20` → `20/11/2026` and `2026-11` → `11/2026` for a date argument; `None` for anything else. The
/// digits are only reordered, not checked: "30 February", the refusal of an impossible date, must still be
/// shown as the office writes dates. A `value` is what was typed, a day but never a month.
fn official_date(name: &str, text: &str) -> Option<String> {
    if !DATE_ARGUMENTS.contains(&name) {
        return None;
    }
    fn digits(part: Option<&str>, length: usize) -> Option<&str> {
        part.filter(|p| p.len() == length && p.bytes().all(|b| b.is_ascii_digit()))
    }
    let mut parts = text.split('-');
    let year = digits(parts.next(), 4)?;
    let month = digits(parts.next(), 2)?;
    match (parts.next(), parts.next()) {
        (None, _) if name != "value" => Some(format!("{month}/{year}")),
        (Some(day), None) => digits(Some(day), 2).map(|day| format!("{day}/{month}/{year}")),
        _ => None,
    }
}

/// Whole kip with a grouping separator (a setting: both 1,600,000 and 1.600.000 are in use).
pub fn format_kip(amount: i64, separator: char) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    if amount < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Official documents: dd/mm/yyyy, Gregorian, Arabic digits.
pub fn format_date(date: chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}
