//! Provider prose is Markdown inline text, without raw HTML.

use super::ProviderChecker;
use crate::diagnostics::Location;
use crate::model::Field;

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
                let path: Vec<String> = at.iter().map(|s| s.to_string()).chain([key.to_string()]).collect();
                self.check_prose(path, text);
            }
        }
    }

    /// Provider prose is Markdown inline text; raw HTML would be copied into every guide and
    /// form as is.
    pub(super) fn check_prose(&mut self, at: Vec<String>, text: &str) {
        if let Some(tag) = find_html_tag(text) {
            self.report.error(
                Location::Value(at.clone()),
                format!("raw HTML `{tag}` in provider text"),
                Some(
                    "use Markdown instead: **bold**, `code`, [link](https://...); images go in an `image` block".into(),
                ),
            );
        }
        if let Some(range) = site_path_links(text).into_iter().next() {
            self.site_paths.push((at, text[range].to_owned()));
        }
    }
}

/// Where `text` links to a page of the docs site by its path, `[x](/guides/y#z)`: the byte
/// range of each destination, which starts with one `/`. Code spans and escapes are text, and
/// `//host` is a URL without its scheme.
pub fn site_path_links(text: &str) -> Vec<std::ops::Range<usize>> {
    let masked = mask_code_and_escapes(text);
    masked
        .match_indices("](/")
        .map(|(index, _)| index + 2)
        .filter(|&start| !masked[start + 1..].starts_with('/'))
        .map(|start| {
            let end = masked[start..].find([')', ' ', '\n']).map_or(text.len(), |e| start + e);
            start..end
        })
        .collect()
}

/// The first thing in `text` that Markdown would pass through as an HTML tag or comment.
pub(super) fn find_html_tag(text: &str) -> Option<String> {
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

/// `text` with its code spans and backslash escapes blanked out (byte for byte), where Markdown
/// reads no tag: `` `<region>` `` and `\<region>` are text.
fn mask_code_and_escapes(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut masked = bytes.to_vec();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if at + 1 < bytes.len() && bytes[at + 1].is_ascii_punctuation() => {
                masked[at + 1] = b' ';
                at += 2;
            }
            b'`' => {
                let run = bytes[at..].iter().take_while(|b| **b == b'`').count();
                let close = (at + run..bytes.len()).find(|&i| {
                    bytes[i..].starts_with(&vec![b'`'; run])
                        && bytes.get(i + run) != Some(&b'`')
                        && (i == 0 || bytes[i - 1] != b'`')
                });
                match close {
                    Some(close) => {
                        masked[at..close + run].iter_mut().for_each(|b| *b = b' ');
                        at = close + run;
                    }
                    None => at += run,
                }
            }
            _ => at += 1,
        }
    }
    // Only ASCII bytes were replaced, by ASCII spaces: the text is still UTF-8.
    String::from_utf8(masked).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn finds_links_to_site_paths_only() {
        let text = "[a](/x/y#z) [b](https://a.io/c) [c](#step-1) [d](./e.md) `[f](/g)` [h](//cdn.io/i) [j](/k \"t\")";
        let found: Vec<&str> = site_path_links(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["/x/y#z", "/k"]);
    }
}
