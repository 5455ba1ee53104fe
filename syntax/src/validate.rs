//! Validity of atom tokens, as the JVM Clojure reader decides it.
//!
//! The lexer cuts tokens; these functions say whether `LispReader` would accept them:
//! `matchSymbol` for symbols and keywords, `matchNumber` for numbers, and `CharacterReader`
//! for character literals. They work on bytes and never allocate.

/// Would `LispReader.matchSymbol` accept this symbol or keyword token (keywords include their
/// leading `:` or `::`)?
pub fn valid_symbol(s: &[u8]) -> bool {
    // Fast path, most tokens: no `/` or `:` anywhere and a non-digit start.
    if let Some(first) = s.first()
        && !first.is_ascii_digit()
        && *first != b':'
        && !s.iter().any(|&b| b == b'/' || b == b':')
    {
        return true;
    }
    // The regex starts with an optional `:`: it takes the colon when the rest matches, and
    // backtracks to keep the colon in the name otherwise (so `:5` is a valid keyword).
    let split = s
        .strip_prefix(b":")
        .and_then(split_symbol)
        .or_else(|| split_symbol(s));
    let Some((ns, name)) = split else {
        return false;
    };
    if ns.is_some_and(|ns| ns.ends_with(b":/")) || name.ends_with(b":") {
        return false;
    }
    // `s.indexOf("::", 1) != -1`
    !s.get(1..)
        .is_some_and(|rest| rest.windows(2).any(|w| w == b"::"))
}

/// Splits a symbol body the way the regex `([\D&&[^/]].*/)?(/|[\D&&[^/]][^/]*)` does:
/// returns the namespace part (with its trailing `/`) and the name.
fn split_symbol(body: &[u8]) -> Option<(Option<&[u8]>, &[u8])> {
    let name_ok = |name: &[u8]| match name.first() {
        Some(b'/') => name == b"/",
        Some(c) => !c.is_ascii_digit() && !name.contains(&b'/'),
        None => false,
    };
    let ns_ok = |ns: &[u8]| ns.len() >= 2 && !ns[0].is_ascii_digit() && ns[0] != b'/';
    if body == b"/" {
        return Some((None, body));
    }
    match body.iter().rposition(|&b| b == b'/') {
        None => name_ok(body).then_some((None, body)),
        Some(last) if last + 1 == body.len() => {
            // Ends in `/`: only `ns//` (the name is `/`) can match.
            let split = last; // ns is body[..split] ending with '/', name is "/"
            if split == 0 || body[split - 1] != b'/' {
                return None;
            }
            let ns = &body[..split];
            ns_ok(ns).then_some((Some(ns), &body[split..]))
        }
        Some(last) => {
            let (ns, name) = body.split_at(last + 1);
            (ns_ok(ns) && name_ok(name)).then_some((Some(ns), name))
        }
    }
}

/// Would `LispReader.matchNumber` accept this number token?
pub fn valid_number(s: &[u8]) -> bool {
    let r = match s.first() {
        Some(b'+' | b'-') => &s[1..],
        _ => s,
    };
    valid_int(r) || valid_float(r) || valid_ratio(r)
}

fn digits(s: &[u8]) -> usize {
    s.iter().take_while(|b| b.is_ascii_digit()).count()
}

fn valid_int(r: &[u8]) -> bool {
    // The radix digit group is greedy, so `24rN` keeps its `N` as a digit; otherwise a final
    // `N` makes a BigInt.
    valid_radix(r) || valid_int_body(r.strip_suffix(b"N").unwrap_or(r))
}

fn valid_int_body(r: &[u8]) -> bool {
    match r {
        [b'0'] => true,
        [b'0', b'x' | b'X', hex @ ..] => !hex.is_empty() && hex.iter().all(u8::is_ascii_hexdigit),
        [b'0', oct @ ..] => !oct.is_empty() && oct.iter().all(|b| (b'0'..=b'7').contains(b)),
        [b'1'..=b'9', ..] => digits(r) == r.len() || valid_radix(r),
        _ => false,
    }
}

/// `[1-9][0-9]?[rR][0-9A-Za-z]+` with every digit valid in that radix (2 to 36).
fn valid_radix(r: &[u8]) -> bool {
    let n = digits(r);
    if !(1..=2).contains(&n) || r[0] == b'0' || !matches!(r.get(n), Some(b'r' | b'R')) {
        return false;
    }
    let radix: u32 = r[..n]
        .iter()
        .fold(0, |acc, d| acc * 10 + u32::from(d - b'0'));
    let ds = &r[n + 1..];
    (2..=36).contains(&radix) && !ds.is_empty() && ds.iter().all(|&d| (d as char).is_digit(radix))
}

/// A float or BigDecimal. Plain digits are never floats: `matchNumber` tries the integer
/// pattern first, and it matches every digit string (rejecting `08` outright).
fn valid_float(r: &[u8]) -> bool {
    let big_decimal = r.ends_with(b"M");
    let r = r.strip_suffix(b"M").unwrap_or(r);
    if !big_decimal && !r.contains(&b'.') && !r.contains(&b'e') && !r.contains(&b'E') {
        return false;
    }
    let mut i = digits(r);
    if i == 0 {
        return false;
    }
    if r.get(i) == Some(&b'.') {
        i += 1;
        i += digits(&r[i..]);
    }
    if matches!(r.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(r.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let e = digits(&r[i..]);
        if e == 0 {
            return false;
        }
        i += e;
    }
    i == r.len()
}

/// `1/3`; a zero denominator is rejected (the JVM reader divides and throws).
fn valid_ratio(r: &[u8]) -> bool {
    let n = digits(r);
    n > 0 && r.get(n) == Some(&b'/') && {
        let d = &r[n + 1..];
        !d.is_empty() && digits(d) == d.len() && d.iter().any(|&b| b != b'0')
    }
}

/// Would `CharacterReader` accept `\` followed by this token?
pub fn valid_char_name(t: &[u8]) -> bool {
    let Ok(t) = std::str::from_utf8(t) else {
        return false;
    };
    let mut chars = t.chars();
    if chars.next().is_some() && chars.next().is_none() {
        return true;
    }
    match t {
        "newline" | "space" | "tab" | "backspace" | "formfeed" | "return" => return true,
        _ => {}
    }
    if let Some(hex) = t.strip_prefix('u') {
        return hex.len() == 4
            && u32::from_str_radix(hex, 16).is_ok_and(|c| !(0xD800..=0xDFFF).contains(&c));
    }
    if let Some(oct) = t.strip_prefix('o') {
        return (1..=3).contains(&oct.len())
            && u32::from_str_radix(oct, 8).is_ok_and(|c| c <= 0o377)
            && oct.bytes().all(|b| (b'0'..=b'7').contains(&b));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbol_split() {
        assert_eq!(split_symbol(b"a/b"), Some((Some(&b"a/"[..]), &b"b"[..])));
        assert_eq!(
            split_symbol(b"clojure.core//"),
            Some((Some(&b"clojure.core/"[..]), &b"/"[..]))
        );
        assert_eq!(
            split_symbol(b"a/b/c"),
            Some((Some(&b"a/b/"[..]), &b"c"[..]))
        );
        assert_eq!(split_symbol(b"//"), None);
        assert!(valid_symbol(b"a/b/c"));
        assert!(!valid_symbol(b"1a"));
    }

    #[test]
    fn radix_n() {
        assert!(valid_number(b"36rZN"));
        assert!(valid_number(b"2r1N"));
        assert!(!valid_number(b"2r1Z"));
        assert!(valid_number(b"-0x1F"));
        assert!(!valid_number(b"0r1"));
        assert!(!valid_number(b"08"));
        assert!(!valid_number(b"09N"));
        assert!(valid_number(b"08M"));
        assert!(valid_number(b"08.5"));
    }
}
