//! The translator's arithmetic, predicates, `wasm/call`s and module assembly (see the
//! parent module).

use std::fmt::Write;
use std::rc::Rc;

use wasmtime::ValType;

use super::{CallSite, ERR_ARG, ERR_BIN, R, Tx, Ty};
use crate::chunk::{Bin, Un};
use crate::value::Value;

impl Tx<'_> {
    pub(super) fn bin(&mut self, bin: Bin, a: Ty, b: Ty, w: &mut String) -> R<Ty> {
        if a == Ty::Bool && b == Ty::Bool && bin == Bin::Eq {
            w.push_str("i32.eq\n");
            return Ok(Ty::Bool);
        }
        if a != Ty::Long || b != Ty::Long {
            return Err(format!("{bin:?} of {a:?} and {b:?}"));
        }
        let code = bin as i32;
        let fail = format!(
            "(if (then (global.set $erra (local.get $ta)) (global.set $errb (local.get $tb)) (global.set $errop (i32.const {code})) (global.set $err (i32.const {ERR_BIN})) unreachable))"
        );
        let cmp = |w: &mut String, i: &str| {
            let _ = writeln!(w, "{i}");
            Ok(Ty::Bool)
        };
        match bin {
            Bin::Lt => cmp(w, "i64.lt_s"),
            Bin::Gt => cmp(w, "i64.gt_s"),
            Bin::Le => cmp(w, "i64.le_s"),
            Bin::Ge => cmp(w, "i64.ge_s"),
            Bin::NumEq | Bin::Eq => cmp(w, "i64.eq"),
            Bin::Add | Bin::Sub => {
                let (i, check) = if bin == Bin::Add {
                    // Overflow iff both operands differ in sign from the result.
                    (
                        "i64.add",
                        "(i64.and (i64.xor (local.get $ta) (local.get $tr)) (i64.xor (local.get $tb) (local.get $tr)))",
                    )
                } else {
                    (
                        "i64.sub",
                        "(i64.and (i64.xor (local.get $ta) (local.get $tb)) (i64.xor (local.get $ta) (local.get $tr)))",
                    )
                };
                let _ = writeln!(
                    w,
                    "local.set $tb\nlocal.set $ta\n(local.set $tr ({i} (local.get $ta) (local.get $tb)))\n(i64.lt_s {check} (i64.const 0))\n{fail}\nlocal.get $tr"
                );
                Ok(Ty::Long)
            }
            Bin::Mul => {
                // Overflow iff a = -1 and b = MIN, or a ≠ 0 and (a·b)/a ≠ b.
                let _ = writeln!(
                    w,
                    "local.set $tb\nlocal.set $ta\n(local.set $tr (i64.mul (local.get $ta) (local.get $tb)))\n(if (i64.eq (local.get $ta) (i64.const -1)) (then (i64.eq (local.get $tb) (i64.const {min})) {fail}) (else (if (i64.ne (local.get $ta) (i64.const 0)) (then (i64.ne (i64.div_s (local.get $tr) (local.get $ta)) (local.get $tb)) {fail}))))\nlocal.get $tr",
                    min = i64::MIN
                );
                Ok(Ty::Long)
            }
            Bin::Mod | Bin::Rem => Err("mod/rem".into()),
        }
    }

    pub(super) fn unary(&mut self, u: Un, t: Ty, w: &mut String) -> R<()> {
        let drop = |w: &mut String, t: &Ty| {
            if t.wasm().is_some() {
                w.push_str("drop\n");
            }
        };
        match (u, &t) {
            (Un::Zero, Ty::Long) => w.push_str("i64.eqz\n"),
            (Un::Pos, Ty::Long) => w.push_str("i64.const 0\ni64.gt_s\n"),
            (Un::Neg, Ty::Long) => w.push_str("i64.const 0\ni64.lt_s\n"),
            (Un::Even, Ty::Long) => w.push_str("i64.const 1\ni64.and\ni64.eqz\n"),
            (Un::Odd, Ty::Long) => w.push_str("i64.const 1\ni64.and\ni64.eqz\ni32.eqz\n"),
            (Un::Not, Ty::Bool) => w.push_str("i32.eqz\n"),
            (Un::Not | Un::Nil, Ty::Nil)
            | (Un::Some, Ty::Long | Ty::Bool | Ty::Str(_) | Ty::Module(_) | Ty::Kw(_)) => {
                drop(w, &t);
                w.push_str("i32.const 1\n");
            }
            (Un::Not | Un::Nil, _) | (Un::Some, Ty::Nil) => {
                drop(w, &t);
                w.push_str("i32.const 0\n");
            }
            _ => return Err(format!("{u:?} of {t:?}")),
        }
        Ok(())
    }

    pub(super) fn assemble(&self, bodies: &[Option<String>]) -> String {
        let mut w = String::from("(module\n");
        for (i, c) in self.calls.iter().enumerate() {
            let ts = |ts: &[ValType]| {
                ts.iter()
                    .map(|t| {
                        if matches!(t, ValType::I32) {
                            "i32"
                        } else {
                            "i64"
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let _ = writeln!(
                w,
                "(import \"m\" \"f{i}\" (func $f{i} (param {}) (result {})))",
                ts(&c.params),
                ts(&c.results)
            );
        }
        w.push_str("(import \"kiln\" \"refuel\" (func $refuel))\n");
        for (g, t) in [
            ("err", "i32"),
            ("errop", "i32"),
            ("site", "i32"),
            ("erra", "i64"),
            ("errb", "i64"),
        ] {
            let _ = writeln!(w, "(global ${g} (export \"{g}\") (mut {t}) ({t}.const 0))");
        }
        w.push_str("(func (export \"run\")");
        for p in 0..self.chunk.params {
            let _ = write!(w, " (param $l{p} i64)");
        }
        w.push_str(" (result i64 i32)\n");
        for (s, t) in self
            .slots
            .iter()
            .enumerate()
            .skip(self.chunk.params as usize)
        {
            let wt = t.as_ref().and_then(Ty::wasm).unwrap_or("i64");
            let _ = writeln!(w, "(local $l{s} {wt})");
        }
        for (d, wt) in &self.spills {
            let _ = writeln!(w, "(local $s{d}{wt} {wt})");
        }
        for i in 0..self.temps {
            let _ = writeln!(w, "(local $t{i} i64)");
        }
        w.push_str(
            "(local $ta i64) (local $tb i64) (local $tr i64) (local $c i32) (local $pc i32)\n",
        );
        w.push_str("(loop $dispatch\n");
        let n = bodies.len();
        for b in (0..n).rev() {
            let _ = writeln!(w, "(block $b{b}");
        }
        let labels: Vec<String> = (0..n).map(|b| format!("$b{b}")).collect();
        let _ = writeln!(w, "(br_table {} $b0 (local.get $pc))", labels.join(" "));
        for (b, body) in bodies.iter().enumerate() {
            let _ = writeln!(w, ")\n;; block {b}");
            match body {
                Some(code) => w.push_str(code),
                None => w.push_str("unreachable\n"),
            }
        }
        w.push_str(")\nunreachable)\n)\n");
        w
    }

    /// `(wasm/call m "name" args…)`: the module and the name are known here; the arguments
    /// are longs on the Wasm stack, converted (and range-checked for `i32`) by the export's
    /// parameter types.
    pub(super) fn call(
        &mut self,
        k: u32,
        argc: usize,
        stack: &mut Vec<Ty>,
        w: &mut String,
    ) -> R<Ty> {
        let Some(Value::Var(var)) = self.chunk.consts.get(k as usize) else {
            return Err("bad var".into());
        };
        if stack.len() < argc {
            return Err("stack underflow".into());
        }
        let value = self.env.var_value(var);
        let (name, args) = if value.as_ref().is_some_and(|v| self.env.is_call_native(v)) {
            // `(wasm/call m "name" args…)`: the module and the name are on the stack.
            if argc < 2 {
                return Err("wasm/call without a module and a name".into());
            }
            let args = stack.split_off(stack.len() - argc);
            let (Ty::Module(_), Ty::Str(sk)) = (&args[0], &args[1]) else {
                return Err("wasm/call of a module and name not known here".into());
            };
            let Some(Value::Str(name)) = self.chunk.consts.get(*sk as usize) else {
                return Err("bad name".into());
            };
            if !self.call_vars.iter().any(|v| Rc::ptr_eq(v, var)) {
                self.call_vars.push(var.clone());
            }
            (name.clone(), args[2..].to_vec())
        } else if let Some((m, name)) = value.as_ref().and_then(|v| self.env.wasm_fn_target(v)) {
            // A fn made by `(wasm/fn m "name")` in a var: its module and name are captured.
            match &self.module {
                Some(cur) if !Rc::ptr_eq(cur, &m) => return Err("calls two modules".into()),
                _ => self.module = Some(m),
            }
            if let Some(f) = value
                && !self.fn_vars.iter().any(|(v, _)| Rc::ptr_eq(v, var))
            {
                self.fn_vars.push((var.clone(), f));
            }
            (name, stack.split_off(stack.len() - argc))
        } else {
            return Err(format!(
                "#'{} is neither wasm/call nor a wasm/fn",
                var.full_name()
            ));
        };
        let name = &name;
        let module = self.module.clone().ok_or("no module")?;
        let import = match self.by_export.get(name) {
            Some(i) => *i,
            None => {
                let export = module
                    .export_fn(name)
                    .ok_or_else(|| format!("no function export {name}"))?;
                let ok = |t: &ValType| matches!(t, ValType::I32 | ValType::I64);
                if !export.params.iter().all(ok)
                    || !export.results.iter().all(ok)
                    || export.results.len() > 1
                {
                    return Err(format!("export {name} has a non-integer signature"));
                }
                self.calls.push(CallSite {
                    export: name.clone(),
                    func: export.func,
                    params: export.params.to_vec(),
                    results: export.results.to_vec(),
                });
                self.by_export.insert(name.clone(), self.calls.len() - 1);
                self.calls.len() - 1
            }
        };
        let site = &self.calls[import];
        let n = args.len();
        if site.params.len() != n || args.iter().any(|t| *t != Ty::Long) {
            // The interpreter reports the arity or type error.
            return Err(format!("call of {name} the bridge would refuse"));
        }
        let site_no = self.sites.len();
        self.sites.push(import);
        let narrow = site.params.iter().any(|t| matches!(t, ValType::I32));
        if narrow {
            self.temps = self.temps.max(n);
            for i in (0..n).rev() {
                let _ = writeln!(w, "local.set $t{i}");
            }
            for (i, t) in site.params.iter().enumerate() {
                let _ = writeln!(w, "local.get $t{i}");
                if matches!(t, ValType::I32) {
                    // Signed or unsigned 32-bit readings are accepted, as by the bridge.
                    let _ = writeln!(
                        w,
                        "(if (i64.gt_u (i64.add (local.get $t{i}) (i64.const 2147483648)) (i64.const 6442450943)) (then (global.set $erra (local.get $t{i})) (global.set $errb (i64.const {i})) (global.set $site (i32.const {site_no})) (global.set $err (i32.const {ERR_ARG})) unreachable))\ni32.wrap_i64"
                    );
                }
            }
        }
        w.push_str(super::REFUEL);
        let _ = writeln!(
            w,
            "(global.set $site (i32.const {site_no}))\ncall $f{import}"
        );
        Ok(match site.results.first() {
            None => Ty::Nil,
            Some(ValType::I32) => {
                w.push_str("i64.extend_i32_s\n");
                Ty::Long
            }
            Some(_) => Ty::Long,
        })
    }
}
