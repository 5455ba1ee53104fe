//! Arities: which argument counts a function accepts, and how to say so in a message.

/// The argument counts a fn accepts: fixed arities plus, if variadic, a minimum.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Arity {
    pub fixed: Vec<usize>,
    pub variadic: Option<usize>,
}

impl Arity {
    /// Parses the index's notation: `1,2,3+`.
    pub fn parse(text: &str) -> Option<Arity> {
        if text.is_empty() {
            return None;
        }
        let mut a = Arity::default();
        for part in text.split(',') {
            if let Some(min) = part.strip_suffix('+') {
                a.variadic = Some(min.parse().ok()?);
            } else {
                a.fixed.push(part.parse().ok()?);
            }
        }
        Some(a)
    }

    pub fn accepts(&self, n: usize) -> bool {
        self.fixed.contains(&n) || self.variadic.is_some_and(|min| n >= min)
    }

    /// The merge of two arities (a name defined twice, or several branches).
    pub fn add(&mut self, fixed: Option<usize>, variadic: Option<usize>) {
        if let Some(f) = fixed
            && !self.fixed.contains(&f)
        {
            self.fixed.push(f);
            self.fixed.sort_unstable();
        }
        if let Some(v) = variadic {
            self.variadic = Some(self.variadic.map_or(v, |old| old.min(v)));
        }
    }

    /// `1, 2 or 3`, `at least 2`, `0 or at least 2`.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self
            .fixed
            .iter()
            .filter(|f| self.variadic.is_none_or(|v| **f < v))
            .map(|f| f.to_string())
            .collect();
        if let Some(v) = self.variadic {
            parts.push(format!("at least {v}"));
        }
        match parts.len() {
            0 => "no arguments".into(),
            1 => parts.remove(0),
            _ => {
                let last = parts.pop().unwrap_or_default();
                format!("{} or {last}", parts.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Arity;

    #[test]
    fn parse_accept_describe() {
        let a = Arity::parse("1,2,3,4,4+").unwrap();
        assert!(a.accepts(1) && a.accepts(9) && !a.accepts(0));
        assert_eq!(a.describe(), "1, 2, 3 or at least 4");
        let b = Arity::parse("2").unwrap();
        assert_eq!(b.describe(), "2");
        assert!(!b.accepts(3));
        assert_eq!(Arity::parse("0+").unwrap().describe(), "at least 0");
        assert!(Arity::parse("x").is_none());
    }
}
