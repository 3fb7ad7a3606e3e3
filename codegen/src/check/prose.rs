//! Provider prose is Markdown inline text, without raw HTML.

use super::ProviderChecker;
use crate::inline_markdown::{mask_code_and_escapes, site_path_links};
use crate::model::Field;
use crate::read::report::Location;

impl ProviderChecker<'_, '_, '_> {
    pub(super) fn check_prose_fields(&mut self, at: &[&str], field: &Field) {
        let texts = [
            ("title", Some(&field.title)),
            ("description", Some(&field.description)),
            ("guide_title", field.guide_title.as_ref()),
            ("guide_description", field.guide_description.as_ref()),
            ("guide_note", field.guide_note.as_ref()),
            ("guide_qualifier", field.guide_qualifier.as_ref()),
            ("pattern_hint", field.pattern_hint.as_ref()),
        ];
        for (key, text) in texts {
            if let Some(text) = text {
                self.check_prose(|| at.iter().map(|s| s.to_string()).chain([key.to_string()]).collect(), text);
            }
        }
    }

    /// Provider prose is Markdown inline text; raw HTML would be copied into every guide and
    /// form as is. `at` builds the text's path, only for prose with a finding: most has none.
    pub(super) fn check_prose(&mut self, at: impl FnOnce() -> Vec<String>, text: &str) {
        // A tag starts with `<` and a link's destination follows `]`: one search over the text
        // rules out both for most prose, which has neither.
        if memchr::memchr2(b'<', b']', text.as_bytes()).is_none() {
            return;
        }
        let tag = find_html_tag(text);
        let link = site_path_links(text).into_iter().next();
        if tag.is_none() && link.is_none() {
            return;
        }
        let at = at();
        if let Some(tag) = tag {
            self.report.error(
                Location::Value(at.clone()),
                format!("raw HTML `{tag}` in provider text"),
                Some(
                    "use Markdown instead: **bold**, `code`, [link](https://...); images go in an `image` block".into(),
                ),
            );
        }
        if let Some(range) = link {
            self.site_paths.push((at, text[range].to_owned()));
        }
    }
}

/// The first thing in `text` that Markdown would pass through as an HTML tag or comment.
pub(super) fn find_html_tag(text: &str) -> Option<String> {
    // Masking only blanks characters out: text without `<` has no tag.
    if !text.contains('<') {
        return None;
    }
    let masked = mask_code_and_escapes(text);
    for (index, _) in masked.match_indices('<') {
        let rest = &text[index + 1..];
        if rest.starts_with("!--") {
            return Some("<!--".into());
        }
        let name_start = usize::from(rest.starts_with('/'));
        let name: String = rest[name_start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let after = rest[name_start + name.len()..].chars().next();
        if matches!(after, Some('>') | Some(' ') | Some('/') | Some('\n') | Some('\t')) {
            let end = text[index..].find('>').map_or(text.len(), |e| index + e + 1);
            return Some(text[index..end].chars().take(40).collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn finds_html_but_not_comparisons_or_autolinks() {
        assert_eq!(find_html_tag("see <b>this</b>").as_deref(), Some("<b>"));
        assert_eq!(find_html_tag("<img src=x />").as_deref(), Some("<img src=x />"));
        assert_eq!(find_html_tag("a <!-- b -->").as_deref(), Some("<!--"));
        assert_eq!(find_html_tag("a < b and 1<2"), None);
        assert_eq!(find_html_tag("<https://example.com>"), None);
        assert_eq!(find_html_tag("`https://<region>.example.com` and \\<b> are text"), None);
        assert_eq!(find_html_tag("`code` then <b>bold</b>").as_deref(), Some("<b>"));
    }

    proptest! {
        /// `find_html_tag` skips masking text without `<`: masking only ever blanks characters out.
        #[test]
        fn masking_adds_no_tag_start(text in "[a<>b/!\\-` ]{0,24}") {
            let masked = mask_code_and_escapes(&text);
            prop_assert_eq!(masked.len(), text.len());
            prop_assert!(masked.match_indices('<').all(|(index, _)| text[index..].starts_with('<')));
        }
    }
}
