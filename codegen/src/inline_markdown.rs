//! Provider prose is Markdown inline text: what in it Markdown reads as text (code spans and
//! escapes), and its links to pages of the docs site, which the checks and the checked model
//! both need.

/// Where `text` links to a page of the docs site by its path, `[x](/guides/y#z)`: the byte
/// range of each destination, which starts with one `/`. Code spans and escapes are text, and
/// `//host` is a URL without its scheme.
pub fn site_path_links(text: &str) -> Vec<std::ops::Range<usize>> {
    // Masking only blanks characters out: text without `](/` has no such link.
    if !contains(text, "](/") {
        return Vec::new();
    }
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

/// Whether `text` holds `needle`, as `str::contains` says, for the short texts of provider
/// files: `memchr` finds the needle's first byte, which most texts lack, where `str::contains`
/// would set up a substring search for each text.
pub fn contains(text: &str, needle: &str) -> bool {
    let (bytes, needle) = (text.as_bytes(), needle.as_bytes());
    match needle.first() {
        None => true,
        Some(&first) => memchr::memchr_iter(first, bytes).any(|at| bytes[at..].starts_with(needle)),
    }
}

/// `text` with its code spans and backslash escapes blanked out (byte for byte), where Markdown
/// reads no tag: `` `<region>` `` and `\<region>` are text.
pub fn mask_code_and_escapes(text: &str) -> String {
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

    proptest::proptest! {
        #[test]
        fn contains_agrees_with_the_standard_library(text in "(\\]\\(/|\\{platform\\}|[](/{}a-z]|\\PC){0,8}", needle in "[](/{}a-z]{0,3}") {
            proptest::prop_assert_eq!(contains(&text, &needle), text.contains(needle.as_str()));
            proptest::prop_assert_eq!(contains(&text, "{platform}"), text.contains("{platform}"));
        }
    }

    #[test]
    fn finds_links_to_site_paths_only() {
        let text = "[a](/x/y#z) [b](https://a.io/c) [c](#step-1) [d](./e.md) `[f](/g)` [h](//cdn.io/i) [j](/k \"t\")";
        let found: Vec<&str> = site_path_links(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["/x/y#z", "/k"]);
    }
}
