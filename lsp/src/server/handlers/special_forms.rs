//! Documentation of the special forms (they are not vars, so no docstring comes from the
//! runtime), shown by hover and completion resolve.

/// `(name, usage, doc)`.
pub const SPECIAL_FORMS: &[(&str, &str, &str)] = &[
    (
        "def",
        "(def name doc? init?)",
        "Creates or rebinds the global var `name` in the current namespace, to `init` when given.",
    ),
    (
        "if",
        "(if test then else?)",
        "Evaluates `test`; unless it is `nil` or `false`, evaluates and returns `then`, else `else` (or `nil`).",
    ),
    (
        "do",
        "(do exprs*)",
        "Evaluates the expressions in order and returns the value of the last (`nil` when there are none).",
    ),
    (
        "let*",
        "(let* [bindings*] exprs*)",
        "Binds locals sequentially, without destructuring, then evaluates the body. `let` is the macro users write.",
    ),
    (
        "letfn*",
        "(letfn* [name fn*] exprs*)",
        "Binds mutually recursive local functions. `letfn` is the macro users write.",
    ),
    (
        "fn*",
        "(fn* name? [params*] exprs*)",
        "Creates a function, with one or more arities. `fn` is the macro users write (it adds destructuring).",
    ),
    (
        "loop*",
        "(loop* [bindings*] exprs*)",
        "Like `let*`, and establishes a recursion point for `recur`. `loop` is the macro users write.",
    ),
    (
        "recur",
        "(recur exprs*)",
        "Rebinds the enclosing `loop` or function's parameters and jumps back to it, without growing the stack. Only in tail position.",
    ),
    (
        "quote",
        "(quote form)",
        "Returns `form` unevaluated; `'form` is the reader's shorthand.",
    ),
    (
        "var",
        "(var symbol)",
        "Returns the var (not its value) that `symbol` names; `#'symbol` is the reader's shorthand.",
    ),
    (
        "throw",
        "(throw expr)",
        "Throws the exception `expr` evaluates to.",
    ),
    (
        "try",
        "(try exprs* (catch class name exprs*)* (finally exprs*)?)",
        "Evaluates the body; an exception of a caught class runs the first matching `catch` with it bound to `name`; `finally` always runs.",
    ),
    (
        "catch",
        "(catch class name exprs*)",
        "Inside `try`: handles exceptions that are instances of `class`.",
    ),
    (
        "finally",
        "(finally exprs*)",
        "Inside `try`: runs after the body and any `catch`, for side effects.",
    ),
    (
        "set!",
        "(set! var-symbol expr)",
        "Sets the thread-local binding of a dynamic var (inside `binding`), or a mutable field.",
    ),
    (
        "new",
        "(new Class args*)",
        "Host interop: constructs an instance; `(Class. args*)` is the usual spelling.",
    ),
    (
        ".",
        "(. target member args*)",
        "Host interop: calls a method or reads a field; `(.method target args*)` is the usual spelling.",
    ),
    (
        "case*",
        "(case* …)",
        "The compiled form of `case`; write `case`.",
    ),
    (
        "monitor-enter",
        "(monitor-enter x)",
        "JVM locking primitive; use `locking`.",
    ),
    (
        "monitor-exit",
        "(monitor-exit x)",
        "JVM locking primitive; use `locking`.",
    ),
    (
        "import*",
        "(import* class-name)",
        "The compiled form of `import`.",
    ),
    (
        "deftype*",
        "(deftype* …)",
        "The compiled form of `deftype`/`defrecord`; write those.",
    ),
    (
        "reify*",
        "(reify* …)",
        "The compiled form of `reify`; write `reify`.",
    ),
    (
        "&",
        "[a & more]",
        "In parameter and binding vectors: binds the rest of the arguments (a seq) to the following name.",
    ),
];

/// Markdown for a special form, if `name` is one.
pub fn markdown(name: &str) -> Option<String> {
    let (_, usage, doc) = SPECIAL_FORMS.iter().find(|(n, _, _)| *n == name)?;
    Some(format!(
        "**{name}** — special form\n```clojure\n{usage}\n```\n\n{doc}"
    ))
}
