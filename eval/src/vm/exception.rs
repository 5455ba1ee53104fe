//! Exceptions: the JVM-like class hierarchy `catch` dispatches on, exception values, and
//! `Throw`, the error every fallible VM operation returns.

use std::cell::RefCell;
use std::rc::Rc;

use super::Budget;
use crate::value::Value;
use crate::value::print::pr_str;

/// Exception classes users can throw and catch, with their JVM names and superclasses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExClass {
    Throwable,
    Exception,
    RuntimeException,
    ExceptionInfo,
    IllegalArgument,
    Arity,
    NumberFormat,
    IllegalState,
    Arithmetic,
    ClassCast,
    IndexOutOfBounds,
    StringIndexOutOfBounds,
    NullPointer,
    UnsupportedOperation,
    IllegalAccess,
    Error,
    StackOverflow,
    Assertion,
    IllegalFormatConversion,
    MissingFormatArgument,
    /// A compile-time error (`clojure.lang.Compiler$CompilerException`).
    Compiler,
    ClassNotFound,
    Io,
    Eof,
}

impl ExClass {
    /// Every class, for lookups by name.
    pub const ALL: &'static [ExClass] = &[
        ExClass::Throwable,
        ExClass::Exception,
        ExClass::RuntimeException,
        ExClass::ExceptionInfo,
        ExClass::IllegalArgument,
        ExClass::Arity,
        ExClass::NumberFormat,
        ExClass::IllegalState,
        ExClass::Arithmetic,
        ExClass::ClassCast,
        ExClass::IndexOutOfBounds,
        ExClass::StringIndexOutOfBounds,
        ExClass::NullPointer,
        ExClass::UnsupportedOperation,
        ExClass::IllegalAccess,
        ExClass::Error,
        ExClass::StackOverflow,
        ExClass::Assertion,
        ExClass::IllegalFormatConversion,
        ExClass::MissingFormatArgument,
        ExClass::Compiler,
        ExClass::ClassNotFound,
        ExClass::Io,
        ExClass::Eof,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ExClass::Throwable => "java.lang.Throwable",
            ExClass::Exception => "java.lang.Exception",
            ExClass::RuntimeException => "java.lang.RuntimeException",
            ExClass::ExceptionInfo => "clojure.lang.ExceptionInfo",
            ExClass::IllegalArgument => "java.lang.IllegalArgumentException",
            ExClass::Arity => "clojure.lang.ArityException",
            ExClass::NumberFormat => "java.lang.NumberFormatException",
            ExClass::IllegalState => "java.lang.IllegalStateException",
            ExClass::Arithmetic => "java.lang.ArithmeticException",
            ExClass::ClassCast => "java.lang.ClassCastException",
            ExClass::IndexOutOfBounds => "java.lang.IndexOutOfBoundsException",
            ExClass::StringIndexOutOfBounds => "java.lang.StringIndexOutOfBoundsException",
            ExClass::NullPointer => "java.lang.NullPointerException",
            ExClass::UnsupportedOperation => "java.lang.UnsupportedOperationException",
            ExClass::IllegalAccess => "java.lang.IllegalAccessError",
            ExClass::Error => "java.lang.Error",
            ExClass::StackOverflow => "java.lang.StackOverflowError",
            ExClass::Assertion => "java.lang.AssertionError",
            ExClass::IllegalFormatConversion => "java.util.IllegalFormatConversionException",
            ExClass::MissingFormatArgument => "java.util.MissingFormatArgumentException",
            ExClass::Compiler => "clojure.lang.Compiler$CompilerException",
            ExClass::ClassNotFound => "java.lang.ClassNotFoundException",
            ExClass::Io => "java.io.IOException",
            ExClass::Eof => "java.io.EOFException",
        }
    }

    pub fn parent(self) -> Option<ExClass> {
        use ExClass::*;
        Some(match self {
            Throwable => return None,
            Exception | Error => Throwable,
            ClassNotFound | Io => Exception,
            Eof => Io,
            RuntimeException => Exception,
            ExceptionInfo | IllegalArgument | IllegalState | Arithmetic | ClassCast
            | IndexOutOfBounds | NullPointer | UnsupportedOperation | Compiler => RuntimeException,
            Arity | NumberFormat | IllegalFormatConversion | MissingFormatArgument => {
                IllegalArgument
            }
            StringIndexOutOfBounds => IndexOutOfBounds,
            StackOverflow | Assertion | IllegalAccess => Error,
        })
    }

    /// The class a `catch` names: full JVM name or the short name `java.lang` classes have.
    pub fn from_name(name: &str) -> Option<ExClass> {
        ExClass::ALL.iter().copied().find(|c| {
            let full = c.name();
            full == name || full.rsplit('.').next() == Some(name)
        })
    }

    pub fn is_a(self, other: ExClass) -> bool {
        let mut c = Some(self);
        while let Some(x) = c {
            if x == other {
                return true;
            }
            c = x.parent();
        }
        false
    }
}

/// One frame of a dialect stack trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceFrame {
    pub name: String,
    pub file: String,
    /// 1-based; 0 when unknown.
    pub line: u32,
    pub column: u32,
}

impl std::fmt::Display for TraceFrame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}:{}:{})",
            self.name, self.file, self.line, self.column
        )
    }
}

/// An exception value.
pub struct Exception {
    pub class: ExClass,
    pub message: Option<String>,
    pub data: Option<Value>,
    pub cause: Option<Value>,
    /// Dialect frames, innermost first, filled in while the exception unwinds.
    pub trace: RefCell<Vec<TraceFrame>>,
}

impl Exception {
    pub fn new(class: ExClass, message: impl Into<String>) -> Exception {
        Exception {
            class,
            message: Some(message.into()),
            data: None,
            cause: None,
            trace: RefCell::new(Vec::new()),
        }
    }

    pub fn class_name(&self) -> &'static str {
        self.class.name()
    }

    /// How the REPL prints an exception value.
    pub fn printed(&self) -> String {
        let mut s = format!(
            "#error {{:cause {}",
            pr_str(
                &self
                    .message
                    .as_deref()
                    .map(Value::str)
                    .unwrap_or(Value::Nil)
            )
        );
        if let Some(d) = &self.data {
            s.push_str(&format!(", :data {}", pr_str(d)));
        }
        s.push_str(&format!(", :via [{{:type {}", self.class_name()));
        if let Some(m) = &self.message {
            s.push_str(&format!(", :message {}", pr_str(&Value::str(m))));
        }
        s.push_str("}]}");
        s
    }
}

/// Why an evaluation stopped: a dialect exception (catchable), an exhausted budget or an
/// interrupt (neither catchable by dialect code).
#[derive(Clone)]
pub enum Throw {
    Exception(Rc<Exception>),
    Exhausted(Budget),
    Interrupted,
}

impl std::fmt::Debug for Throw {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Throw::Exception(e) => write!(
                f,
                "{}: {}",
                e.class_name(),
                e.message.as_deref().unwrap_or("")
            ),
            Throw::Exhausted(b) => write!(f, "exhausted: {b:?}"),
            Throw::Interrupted => write!(f, "interrupted"),
        }
    }
}

impl Throw {
    pub fn new(class: ExClass, message: impl Into<String>) -> Throw {
        Throw::Exception(Rc::new(Exception::new(class, message)))
    }

    pub fn illegal_argument(m: impl Into<String>) -> Throw {
        Throw::new(ExClass::IllegalArgument, m)
    }

    pub fn illegal_state(m: impl Into<String>) -> Throw {
        Throw::new(ExClass::IllegalState, m)
    }

    pub fn arithmetic(m: impl Into<String>) -> Throw {
        Throw::new(ExClass::Arithmetic, m)
    }

    pub fn class_cast(m: impl Into<String>) -> Throw {
        Throw::new(ExClass::ClassCast, m)
    }

    pub fn illegal_access(m: impl Into<String>) -> Throw {
        Throw::new(ExClass::IllegalAccess, m)
    }

    pub fn runtime(m: impl Into<String>) -> Throw {
        Throw::new(ExClass::RuntimeException, m)
    }

    /// A compile error (`CompilerException`) whose cause is an exception of class `cause`,
    /// as the JVM reports them (e.g. `UnsupportedOperationException` for a misplaced recur).
    pub fn compiler(cause: ExClass, m: impl Into<String>) -> Throw {
        let m = m.into();
        let mut e = Exception::new(ExClass::Compiler, m.clone());
        e.cause = Some(Value::Exception(Rc::new(Exception::new(cause, m))));
        Throw::Exception(Rc::new(e))
    }

    pub fn arity(n: usize, name: &str) -> Throw {
        Throw::new(
            ExClass::Arity,
            format!("Wrong number of args ({n}) passed to: {name}"),
        )
    }

    /// The exception as a dialect value (for `catch`).
    pub fn value(&self) -> Option<Value> {
        match self {
            Throw::Exception(e) => Some(Value::Exception(e.clone())),
            _ => None,
        }
    }

    pub fn message(&self) -> String {
        match self {
            Throw::Exception(e) => e.message.clone().unwrap_or_default(),
            Throw::Exhausted(b) => format!("evaluation budget exhausted: {b:?}"),
            Throw::Interrupted => "evaluation interrupted".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ExClass;

    #[test]
    fn every_class_is_found_by_full_and_short_name_and_is_a_throwable() {
        for &c in ExClass::ALL {
            assert_eq!(ExClass::from_name(c.name()), Some(c));
            let short = c.name().rsplit('.').next().unwrap();
            if c.name().starts_with("java.lang.") {
                assert_eq!(ExClass::from_name(short), Some(c));
            }
            assert!(c.is_a(ExClass::Throwable));
        }
        assert!(ExClass::Arity.is_a(ExClass::IllegalArgument));
        assert!(!ExClass::StackOverflow.is_a(ExClass::Exception));
    }
}
