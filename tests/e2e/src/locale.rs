//! The messages of `locales/`, to recognise on screen what the window should say.

use std::path::PathBuf;

use crate::TestResult;

/// This crate's folder in the checkout being tested: read when the test runs (cargo sets it), not when the
/// harness was compiled, because a build cache shared by two checkouts may run a harness another
/// checkout compiled, whose compiled-in path is gone.
pub(crate) fn checkout() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

/// The literal parts of the simple Fluent message `id` in `locales/<lang>/<file>` (placeables removed), to
/// recognise its text on screen whatever the values; empty when the message is not there.
pub fn message_fragments(lang: &str, file: &str, id: &str) -> TestResult<Vec<String>> {
    let path = checkout().join("../../locales").join(lang).join(file);
    let ftl = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(fragments(&ftl, id))
}

fn fragments(ftl: &str, id: &str) -> Vec<String> {
    let prefix = format!("{id} =");
    let Some(line) = ftl.lines().find(|line| line.starts_with(&prefix)) else {
        return Vec::new();
    };
    let mut fragments = Vec::new();
    let mut rest = line[prefix.len()..].trim();
    while let Some(open) = rest.find('{') {
        fragments.push(rest[..open].trim().to_owned());
        rest = rest[open..]
            .find('}')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    fragments.push(rest.trim().to_owned());
    fragments.retain(|f| !f.is_empty());
    fragments
}

#[cfg(test)]
mod tests {
    use super::fragments;

    #[test]
    fn literal_parts_of_a_message() {
        let ftl = "register-save = Save and issue member number\n\
                   error-date-impossible = { $value } is not a real date.\n\
                   between = From { $from } to { $to }.\n\
                   error-date = A date.\n\
                   only-value = { $value }\n";
        let check = |id: &str, expected: &[&str]| assert_eq!(fragments(ftl, id), expected, "{id}");
        check("register-save", &["Save and issue member number"]);
        check("error-date-impossible", &["is not a real date."]);
        check("between", &["From", "to", "."]);
        // `error-date` is a prefix of another id: only its own line counts.
        check("error-date", &["A date."]);
        check("only-value", &[]);
        check("missing", &[]);
    }
}
