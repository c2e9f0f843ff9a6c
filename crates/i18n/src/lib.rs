//! Messages in Lao and English from `locales/<lang>/*.ftl`, the single source for the UI, the CLI and the
//! PDFs, plus the number and date formats of official documents.
//!
//! ```
//! use nssf_i18n::{Language, Localizer};
//! let en = Localizer::new(Language::En);
//! assert_eq!(en.message("error-required", &[]), "This field is required.");
//! assert_eq!(nssf_i18n::format_kip(2_500_000, ','), "2,500,000");
//! ```

use std::collections::BTreeMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use nssf_domain::Code;

pub mod words;

mod files {
    include!(concat!(env!("OUT_DIR"), "/locale_files.rs"));
}

/// The embedded locale files: (language, file name, text).
pub fn locale_files() -> &'static [(&'static str, &'static str, &'static str)] {
    files::FILES
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    Lo,
    En,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::Lo, Language::En];

    pub fn code(self) -> &'static str {
        match self {
            Language::Lo => "lo",
            Language::En => "en",
        }
    }

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
    pub language: &'static str,
    pub file: &'static str,
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

    pub fn language(&self) -> Language {
        self.language
    }

    /// The message with its arguments; the id itself when the message is missing (the tests prevent that).
    pub fn message(&self, id: &str, args: &[(&str, &str)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            // Numbers stay numbers so that plural selectors work.
            match v.parse::<i64>() {
                // Amounts are shown grouped; they are never plural selectors.
                Ok(n) if k.ends_with("_kip") => {
                    fargs.set(*k, FluentValue::from(format_kip(n, ',')))
                }
                Ok(n) if !v.starts_with('0') || v.len() == 1 => fargs.set(*k, FluentValue::from(n)),
                _ => fargs.set(*k, FluentValue::from(v.to_string())),
            }
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fargs), &mut errors)
            .into_owned()
    }

    /// Explains an error code with its arguments.
    pub fn error(&self, code: Code, args: &BTreeMap<String, String>) -> String {
        let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.message(&code.message_id(), &pairs)
    }

    pub fn has_message(&self, id: &str) -> bool {
        self.bundle.has_message(id)
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
