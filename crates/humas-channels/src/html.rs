//! Citizens' text arrives as HTML on Mastodon and WordPress. A small
//! converter to plain text (tags dropped, block ends as line breaks, entities
//! decoded) is all that is needed; the stored text is escaped again wherever
//! it is shown. Written here because the HTML-to-text crates bring a full
//! HTML5 parser for this one job.

/// Two texts equal but for spacing: how an earlier delivery is recognised
/// on a platform that reformats whitespace.
pub fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        push_decoded(&mut out, &rest[..start]);
        // A '<' not followed by a tag name is text ("5 < 6").
        if !rest[start + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
            out.push('<');
            rest = &rest[start + 1..];
            continue;
        }
        let Some(end) = rest[start..].find('>') else {
            push_decoded(&mut out, &rest[start..]);
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end].trim().to_ascii_lowercase();
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if matches!(name.as_str(), "br" | "p" | "div" | "li" | "blockquote" | "h1" | "h2" | "h3" | "h4" | "tr")
            && !out.ends_with('\n')
            && !out.is_empty()
        {
            out.push('\n');
        }
        rest = &rest[start + end + 1..];
        // Script and style bodies are not text.
        if (name == "script" || name == "style")
            && !tag.starts_with('/')
            && let Some(close) = rest.to_ascii_lowercase().find(&format!("</{name}"))
        {
            rest = &rest[close..];
        }
    }
    push_decoded(&mut out, rest);
    out.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

fn push_decoded(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| decode_entity(&after[..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

fn decode_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| !c.is_control() || *c == '\n');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn strips_tags_and_decodes() {
        assert_eq!(
            to_text(
                "<p><span class=\"h-card\"><a href=\"x\">@<span>dinas</span></a></span> jalan rusak &amp; berlubang</p>"
            ),
            "@dinas jalan rusak & berlubang"
        );
        assert_eq!(to_text("<p>baris 1<br />baris 2</p><p>paragraf</p>"), "baris 1\nbaris 2\nparagraf");
        assert_eq!(to_text("Kapan &#8220;vaksin&#8221; &#x2014; ya?"), "Kapan “vaksin” — ya?");
        assert_eq!(to_text("a <script>alert(1)</script>b"), "a b");
        assert_eq!(to_text("5 < 6 & 7 > 3"), "5 < 6 & 7 > 3");
        assert_eq!(to_text("&unknown; &#0; x"), "&unknown; &#0; x");
        assert!(super::same_text("Ya,  buka\n pukul 08.00", "Ya, buka pukul 08.00"));
        assert!(!super::same_text("Ya, buka", "Ya, tutup"));
    }
}
