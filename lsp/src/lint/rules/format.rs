//! A `format`/`printf` call whose argument count does not match its format string.
//!
//! What: a literal format string with N conversion specifiers (`%s`, `%d`, `%5.2f`, `%x`,
//! explicit `%2$s` indices; `%%` and `%n` take no argument) given a different number of
//! arguments.
//! Why: too few arguments throws `MissingFormatArgumentException` at run time; too many is
//! silently ignored and usually means a placeholder was forgotten.
//! Example:
//! ```clojure
//! (format "%s scored %d points" name)
//! ```
//! Fix: pass one argument per specifier.
use super::{Level, Node, Rule, Walker};

pub const CODE: &str = "format";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("format.rs"),
};

/// The number of arguments a Java format string consumes, or `None` if it is malformed.
pub fn arg_count(fmt: &str) -> Option<usize> {
    let chars: Vec<char> = fmt.chars().collect();
    let (mut i, mut sequential, mut max_index) = (0, 0usize, 0usize);
    while i < chars.len() {
        if chars[i] != '%' {
            i += 1;
            continue;
        }
        i += 1;
        let start = i;
        // argument index `n$` or `<`
        let mut digits = String::new();
        while i < chars.len() && chars[i].is_ascii_digit() {
            digits.push(chars[i]);
            i += 1;
        }
        let mut explicit = None;
        if i < chars.len() && chars[i] == '$' && !digits.is_empty() {
            explicit = digits.parse::<usize>().ok();
            i += 1;
        } else {
            i = start;
        }
        let mut relative = false;
        while i < chars.len() && "-#+ 0,(<".contains(chars[i]) {
            relative |= chars[i] == '<';
            i += 1;
        }
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
            i += 1;
        }
        let conv = *chars.get(i)?;
        i += 1;
        if conv == 't' || conv == 'T' {
            chars.get(i)?;
            i += 1;
        }
        match conv {
            '%' | 'n' => {}
            c if c.is_ascii_alphabetic() => {
                if relative {
                    continue;
                }
                match explicit {
                    Some(n) => max_index = max_index.max(n),
                    None => sequential += 1,
                }
            }
            _ => return None,
        }
    }
    Some(sequential.max(max_index))
}

pub(crate) fn check(w: &mut Walker, args: &[Node]) {
    let Some(fmt) = args.first().and_then(Node::string) else {
        return;
    };
    let Some(expected) = arg_count(fmt) else {
        return;
    };
    let given = args.len() - 1;
    if given != expected && w.soft == 0 {
        w.finding(
            CODE,
            args[0].range,
            format!("Format string expects {expected} arguments instead of {given}."),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::arg_count;

    #[test]
    fn counts() {
        assert_eq!(arg_count("%s and %d"), Some(2));
        assert_eq!(arg_count("100%% %n"), Some(0));
        assert_eq!(arg_count("%2$s %1$s"), Some(2));
        assert_eq!(arg_count("%5.2f|%-10s|%05d|%x"), Some(4));
        assert_eq!(arg_count("%s %<s"), Some(1));
        assert_eq!(arg_count("%tY"), Some(1));
        assert_eq!(arg_count("trailing %"), None);
    }
}
