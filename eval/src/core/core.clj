;; clojure.core, the part written in the dialect itself. Loaded at start-up into
;; clojure.core, after the natives (see eval/src/core/natives.rs).

(in-ns 'clojure.core)

;; Internal: `(-forward f)` calls f with the enclosing fn's own arguments. The compiler
;; inlines it; in the tail of a fixed-arity fn, f takes over the caller's frame (how
;; `completing`, multimethods and protocol methods call the fn they wrap or find). This
;; var only makes the name resolve; its value is never called by compiled code.
(def -forward
  (fn* -forward [f] (throw (IllegalStateException. "-forward is only valid inside a fn"))))

(def -map1
  (fn* -map1 [f coll]
    (if (seq coll) (cons (f (first coll)) (-map1 f (rest coll))) ())))

(def -add-macro-params
  (fn* [arity] (cons (apply vector '&form '&env (first arity)) (rest arity))))

(def -fn-arities
  (fn* [decl] (if (vector? (first decl)) (list decl) decl)))

(def defmacro
  (fn* defmacro [&form &env name & decl]
    (let* [doc (if (string? (first decl)) (first decl) nil)
           decl (if (string? (first decl)) (next decl) decl)
           decl (if (map? (first decl)) (next decl) decl)
           name (if doc (with-meta name (assoc (meta name) :doc doc)) name)]
      (list 'do
            (list 'def name (cons 'fn* (cons name (-map1 -add-macro-params (-fn-arities decl)))))
            (list '-set-macro! (list 'var name))
            (list 'var name)))))
(-set-macro! (var defmacro))

(defmacro fn [& sigs] (cons 'fn* sigs))

(defmacro defn
  "Same as (def name (fn [params*] exprs*)) or (def name (fn ([params*] exprs*)+)) with
  any doc-string or attrs added to the var metadata."
  [name & fdecl]
  (let* [doc (if (string? (first fdecl)) (first fdecl) nil)
         fdecl (if (string? (first fdecl)) (next fdecl) fdecl)
         attrs (if (map? (first fdecl)) (first fdecl) nil)
         fdecl (if (map? (first fdecl)) (next fdecl) fdecl)
         m (if doc (assoc (meta name) :doc doc) (meta name))
         m (if attrs (apply assoc (if m m {}) (apply concat (seq attrs))) m)]
    (list 'def (if m (with-meta name m) name) (cons 'fn* (cons name fdecl)))))

(def list* (fn* list*
  ([args] (seq args))
  ([a args] (cons a args))
  ([a b args] (cons a (cons b args)))
  ([a b c & more] (cons a (cons b (cons c (apply list* more)))))))

(defmacro defn- [name & decls]
  (list* 'defn (with-meta name (assoc (meta name) :private true)) decls))

(defmacro let [bindings & body] (list* 'let* bindings body))
(defmacro loop [bindings & body] (list* 'loop* bindings body))
(defmacro letfn [fnspecs & body]
  (list* 'letfn* (vec (apply concat (-map1 (fn* [s] [(first s) (cons 'clojure.core/fn s)]) fnspecs))) body))

(defmacro when [test & body] (list 'if test (cons 'do body)))
(defmacro when-not [test & body] (list 'if test nil (cons 'do body)))
(defmacro if-not
  ([test then] (list 'if test nil then))
  ([test then else] (list 'if test else then)))

(defmacro cond [& clauses]
  (when clauses
    (list 'if (first clauses)
          (if (next clauses)
            (first (next clauses))
            (throw (IllegalArgumentException. "cond requires an even number of forms")))
          (cons 'clojure.core/cond (next (next clauses))))))

(defmacro and
  ([] true)
  ([x] x)
  ([x & more] `(let [and# ~x] (if and# (and ~@more) and#))))

(defmacro or
  ([] nil)
  ([x] x)
  ([x & more] `(let [or# ~x] (if or# or# (or ~@more)))))

(defmacro comment [& body] nil)

(defmacro time
  "Evaluates expr and prints the time it took. Returns the value of expr."
  [expr]
  `(let [start# (System/nanoTime)
         ret# ~expr]
     (prn (str "Elapsed time: " (/ (double (- (System/nanoTime) start#)) 1000000.0) " msecs"))
     ret#))

(defmacro declare [& names] (cons 'do (-map1 (fn* [n] (list 'def n)) names)))

(defmacro lazy-seq [& body] (list 'clojure.core/-lazy-seq (list* 'fn* [] body)))

(defmacro -> [x & forms]
  (loop [x x, forms forms]
    (if forms
      (let [form (first forms)
            threaded (if (seq? form)
                       (with-meta (list* (first form) x (next form)) (meta form))
                       (list form x))]
        (recur threaded (next forms)))
      x)))

(defmacro ->> [x & forms]
  (loop [x x, forms forms]
    (if forms
      (let [form (first forms)
            threaded (if (seq? form)
                       (with-meta (concat form (list x)) (meta form))
                       (list form x))]
        (recur threaded (next forms)))
      x)))

(defmacro if-let
  ([bindings then] `(if-let ~bindings ~then nil))
  ([bindings then else]
   (let [form (first bindings) tst (first (next bindings))]
     `(let [temp# ~tst]
        (if temp# (let [~form temp#] ~then) ~else)))))

(defmacro when-let [bindings & body]
  (let [form (first bindings) tst (first (next bindings))]
    `(let [temp# ~tst]
       (when temp# (let [~form temp#] ~@body)))))

(defmacro binding [bindings & body]
  (let [pairs (loop [ps bindings acc []]
                (if (seq ps) (recur (next (next ps)) (conj acc (list 'var (first ps)) (first (next ps)))) acc))]
    `(do (push-thread-bindings (hash-map ~@pairs))
         (try ~@body (finally (pop-thread-bindings))))))

(defmacro dotimes [bindings & body]
  (let [i (first bindings) n (first (next bindings))]
    `(let [n# ~n]
       (loop [~i 0]
         (when (< ~i n#) ~@body (recur (inc ~i)))))))

(defmacro while [test & body]
  `(loop [] (when ~test ~@body (recur))))

(defn second [x] (first (next x)))
(defn ffirst [x] (first (first x)))
(defn nfirst [x] (next (first x)))
(defn fnext [x] (first (next x)))
(defn nnext [x] (next (next x)))
(defn identity [x] x)
(defn constantly [x] (fn [& args] x))
(defn not= ([x] false) ([x y] (not (= x y))) ([x y & more] (not (apply = x y more))))
(defn empty? [coll] (not (seq coll)))
(defn not-empty [coll] (when (seq coll) coll))
(defn some? [x] (not (nil? x)))
(defn true? [x] (identical? x true))
(defn false? [x] (identical? x false))


(defn map
  ([f coll]
   (lazy-seq
    (when-let [s (seq coll)]
      (cons (f (first s)) (map f (rest s))))))
  ([f c1 c2]
   (lazy-seq
    (let [s1 (seq c1) s2 (seq c2)]
      (when (and s1 s2)
        (cons (f (first s1) (first s2)) (map f (rest s1) (rest s2))))))))

(defn filter [pred coll]
  (lazy-seq
   (when-let [s (seq coll)]
     (let [x (first s)]
       (if (pred x) (cons x (filter pred (rest s))) (filter pred (rest s)))))))

(defn remove [pred coll] (filter (fn [x] (not (pred x))) coll))

(defn take [n coll]
  (lazy-seq
   (when (pos? n)
     (when-let [s (seq coll)]
       (cons (first s) (take (dec n) (rest s)))))))

(defn drop [n coll]
  (lazy-seq
   (loop [n n s (seq coll)]
     (if (and (pos? n) s) (recur (dec n) (next s)) s))))

(defn take-while [pred coll]
  (lazy-seq
   (when-let [s (seq coll)]
     (when (pred (first s)) (cons (first s) (take-while pred (rest s)))))))

(defn drop-while [pred coll]
  (lazy-seq
   (loop [s (seq coll)]
     (if (and s (pred (first s))) (recur (next s)) s))))



(defn -range [start end step]
  (lazy-seq
   (when (if (pos? step) (< start end) (> start end))
     (cons start (-range (+ start step) end step)))))

(defn range
  ([] (-long-range 0 9223372036854775807 1))
  ([end] (range 0 end 1))
  ([start end] (range start end 1))
  ([start end step]
   (if (and (int? start) (int? end) (int? step))
     (-long-range start end step)
     (-range start end step))))

(defn into [to from] (reduce conj to from))
(defn mapv [f coll] (into [] (map f coll)))
(defn filterv [pred coll] (into [] (filter pred coll)))
(defn reverse [coll] (reduce conj () coll))
(defn butlast [s] (loop [ret [] s s] (if (next s) (recur (conj ret (first s)) (next s)) (seq ret))))
(defn every? [pred coll]
  (cond (nil? (seq coll)) true
        (pred (first coll)) (recur pred (next coll))
        :else false))
(defn some [pred coll]
  (when-let [s (seq coll)]
    (or (pred (first s)) (recur pred (next s)))))
;; comp, partial and complement return fns with fixed arities for the common argument counts
;; (as JVM Clojure's do): no rest list and no apply per call.
(defn comp
  ([] identity)
  ([f] f)
  ([f g] (fn ([] (f (g))) ([x] (f (g x))) ([x y] (f (g x y))) ([x y z] (f (g x y z)))
           ([x y z & args] (f (apply g x y z args)))))
  ([f g & fs] (reduce comp (list* f g fs))))
(defn partial
  ([f] f)
  ([f a] (fn ([] (f a)) ([x] (f a x)) ([x y] (f a x y)) ([x y & more] (apply f a x y more))))
  ([f a b] (fn ([] (f a b)) ([x] (f a b x)) ([x y] (f a b x y)) ([x y & more] (apply f a b x y more))))
  ([f a b & args] (fn [& more] (apply f a b (concat args more)))))
(defn complement [f]
  (fn ([] (not (f))) ([x] (not (f x))) ([x y] (not (f x y))) ([x y & zs] (not (apply f x y zs)))))
(defn max ([x] x) ([x y] (if (> x y) x y)) ([x y & more] (reduce max (max x y) more)))
(defn min ([x] x) ([x y] (if (< x y) x y)) ([x y & more] (reduce min (min x y) more)))
(defn merge [& maps] (when (some identity maps) (reduce (fn [acc m] (conj (or acc {}) m)) maps)))
(defn get-in ([m ks] (reduce get m ks)) ([m ks not-found] (loop [m m ks (seq ks)] (if ks (if (contains? m (first ks)) (recur (get m (first ks)) (next ks)) not-found) m))))
(defn assoc-in [m ks v]
  (let [k (first ks) more (next ks)]
    (if more (assoc m k (assoc-in (get m k) more v)) (assoc m k v))))
(defn update
  ([m k f] (assoc m k (f (get m k))))
  ([m k f x] (assoc m k (f (get m k) x)))
  ([m k f x & more] (assoc m k (apply f (get m k) x more))))
(defn -update-in [m ks f args]
  (let [k (first ks) more (next ks)]
    (if more
      (assoc m k (-update-in (get m k) more f args))
      (assoc m k (if args (apply f (get m k) args) (f (get m k)))))))
(defn -update-in-v [m ks i n f args]
  (let [k (nth ks i) i (inc i)]
    (if (< i n)
      (assoc m k (-update-in-v (get m k) ks i n f args))
      (assoc m k (if args (apply f (get m k) args) (f (get m k)))))))
(defn update-in
  ([m ks f] (if (and (vector? ks) (pos? (count ks))) (-update-in-v m ks 0 (count ks) f nil) (-update-in m ks f nil)))
  ([m ks f & args] (if (and (vector? ks) (pos? (count ks))) (-update-in-v m ks 0 (count ks) f args) (-update-in m ks f args))))
(defn zipmap [keys vals]
  (loop [m {} ks (seq keys) vs (seq vals)]
    (if (and ks vs) (recur (assoc m (first ks) (first vs)) (next ks) (next vs)) m)))
(defn frequencies [coll] (reduce (fn [m x] (assoc m x (inc (get m x 0)))) {} coll))
(defn group-by [f coll] (reduce (fn [m x] (let [k (f x)] (assoc m k (conj (get m k []) x)))) {} coll))
(defn -mapcat1 [f coll] (lazy-seq (when-let [s (seq coll)] (concat (f (first s)) (-mapcat1 f (rest s))))))
(defn interpose [sep coll] (drop 1 (-mapcat1 (fn [x] [sep x]) coll)))
(defn mapcat [f coll] (-mapcat1 f coll))
(defn nthnext [coll n] (loop [n n xs (seq coll)] (if (and xs (pos? n)) (recur (dec n) (next xs)) xs)))
(defn doall [coll] (loop [s (seq coll)] (when s (recur (next s)))) coll)
(defn dorun [coll] (loop [s (seq coll)] (when s (recur (next s)))) nil)
(defmacro doseq [bindings & body]
  (let [x (first bindings) coll (first (next bindings))]
    `(loop [s# (seq ~coll)]
       (when s#
         (let [~x (first s#)] ~@body)
         (recur (next s#))))))
(defn swap-vals! [a f & args] (let [old @a] [old (apply swap! a f args)]))

;; ---- Destructuring: let, fn, loop, defn and defmacro learn binding patterns ----


(declare -destructure1)

(defn -destructure-vec [out pat init]
  (let [g (gensym "vec__")]
    (loop [out (conj out g init) ps (seq pat) i 0]
      (if ps
        (let [p (first ps)]
          (cond (= p '&) (recur (-destructure1 out (second ps) (list 'clojure.core/nthnext g i)) (nnext ps) i)
                (= p :as) (recur (-destructure1 out (second ps) g) (nnext ps) i)
                :else (recur (-destructure1 out p (list 'clojure.core/nth g i nil)) (next ps) (inc i))))
        out))))

(defn -destructure-map [out pat init]
  (let [g (gensym "map__")
        defaults (get pat :or)
        lookup (fn [key local]
                 (if (contains? defaults local)
                   (list 'clojure.core/get g key (get defaults local))
                   (list 'clojure.core/get g key)))]
    (loop [out (conj out g (list 'clojure.core/-seq-to-map init)) entries (seq pat)]
      (if entries
        (let [k (first (first entries)) v (second (first entries))]
          (recur
           (cond (= k :as) (conj out v g)
                 (= k :or) out
                 (and (keyword? k) (contains? #{"keys" "strs" "syms"} (name k)))
                 (let [kind (name k) kns (namespace k)]
                   (reduce (fn [out s]
                             (let [local (symbol (name s))
                                   sns (or (namespace s) kns)
                                   key (cond (= kind "keys") (keyword sns (name s))
                                             (= kind "strs") (name s)
                                             :else (list 'quote (symbol sns (name s))))]
                               (conj out local (lookup key local))))
                           out v))
                 :else (-destructure1 out k (lookup v k)))
           (next entries)))
        out))))

(defn -destructure1 [out pat init]
  (cond (symbol? pat) (conj out pat init)
        (vector? pat) (-destructure-vec out pat init)
        (map? pat) (-destructure-map out pat init)
        :else (throw (IllegalArgumentException. (str "Unsupported binding form: " (pr-str pat))))))

(defn -destructure [bindings]
  (loop [bs (seq bindings) out []]
    (if bs (recur (nnext bs) (-destructure1 out (first bs) (second bs))) out)))

(defn -simple-bindings? [bindings]
  (loop [bs (seq bindings)] (if bs (if (symbol? (first bs)) (recur (nnext bs)) false) true)))

(defmacro let
  "binding => binding-form init-expr. Evaluates the exprs in a lexical context in which the
  symbols in the binding-forms are bound to their respective init-exprs or parts therein."
  [bindings & body]
  (when-not (vector? bindings) (throw (IllegalArgumentException. "let requires a vector for its binding")))
  (when (odd? (count bindings)) (throw (IllegalArgumentException. "let requires an even number of forms in binding vector")))
  (list* 'let* (-destructure bindings) body))

(defn -fn-arity [sig]
  (let [params (first sig) body (next sig)
        conds (when (and (map? (first body)) (next body)) (first body))
        body (if conds (next body) body)
        pre (get conds :pre) post (get conds :post)
        body (if post
               (list (list* 'clojure.core/let ['% (cons 'do body)]
                            (concat (-map1 (fn* [c] (list 'clojure.core/assert c)) post) ['%])))
               body)
        body (if pre (concat (-map1 (fn* [c] (list 'clojure.core/assert c)) pre) body) body)]
    (when-not (vector? params) (throw (IllegalArgumentException. "Parameter declaration missing")))
    (loop [ps (seq params) out [] lets []]
      (if ps
        (let [p (first ps)]
          (cond (= p '&) (recur (next ps) (conj out p) lets)
                (symbol? p) (recur (next ps) (conj out p) lets)
                :else (let [g (gensym "p__")] (recur (next ps) (conj out g) (conj lets p g)))))
        (if (seq lets)
          (list out (list* 'clojure.core/let lets body))
          (cons out body))))))

(defmacro fn
  "params => positional-params*, or positional-params* & rest-param. Defines a function."
  [& sigs]
  (let [name (when (symbol? (first sigs)) (first sigs))
        sigs (if name (next sigs) sigs)
        sigs (if (vector? (first sigs)) (list sigs) sigs)
        arities (-map1 -fn-arity sigs)]
    (with-meta (if name (list* 'fn* name arities) (cons 'fn* arities)) (meta &form))))

(defn -partition-pairs [coll]
  (loop* [s (seq coll) out []] (if s (recur (nnext s) (conj out [(first s) (second s)])) out)))

(defmacro loop
  "Evaluates the exprs in a lexical context in which the symbols in the binding-forms are
  bound to their respective init-exprs or parts therein. Acts as a recur target."
  [bindings & body]
  (if (-simple-bindings? bindings)
    (list* 'loop* bindings body)
    (let [pairs (-partition-pairs bindings)
          gs (-map1 (fn* [_] (gensym "loop__")) pairs)
          inits (vec (apply concat (map (fn* [g p] [g (second p)]) gs pairs)))
          rebinds (vec (apply concat (map (fn* [g p] [(first p) g]) gs pairs)))]
      (list 'clojure.core/let inits
            (list 'loop* (vec (apply concat (map (fn* [g] [g g]) gs)))
                  (list* 'clojure.core/let rebinds body))))))

(defmacro defn
  "Same as (def name (fn [params*] exprs*)) or (def name (fn ([params*] exprs*)+)) with
  any doc-string or attrs added to the var metadata."
  [name & fdecl]
  (let [doc (when (string? (first fdecl)) (first fdecl))
        fdecl (if (string? (first fdecl)) (next fdecl) fdecl)
        attrs (when (map? (first fdecl)) (first fdecl))
        fdecl (if (map? (first fdecl)) (next fdecl) fdecl)
        arglists (if (vector? (first fdecl)) (list (first fdecl)) (-map1 first fdecl))
        m (merge {:arglists arglists} (meta name) attrs (when doc {:doc doc}))]
    (list 'def (with-meta name m) (list* 'clojure.core/fn name fdecl))))

(defmacro defmacro
  "Like defn, but the resulting function name is declared as a macro."
  [name & decl]
  (let [doc (when (string? (first decl)) (first decl))
        decl (if (string? (first decl)) (next decl) decl)
        decl (if (map? (first decl)) (next decl) decl)
        sigs (if (vector? (first decl)) (list decl) decl)
        sigs (-map1 (fn* [s] (cons (apply vector '&form '&env (first s)) (rest s))) sigs)]
    (list 'do
          (list 'def (if doc (with-meta name (assoc (meta name) :doc doc)) name) (list* 'clojure.core/fn name sigs))
          (list '-set-macro! (list 'var name))
          (list 'var name))))
(-set-macro! (var defmacro))

(defmacro ns
  "Sets *ns* to the namespace named by name (creating it if needed), refers clojure.core
  (with :refer-clojure's filters), and processes :require, :use and :import clauses."
  [name & references]
  (let [references (if (string? (first references)) (next references) references)
        references (if (map? (first references)) (next references) references)
        clause (fn* [kw] (first (filter (fn* [r] (and (seq? r) (= kw (first r)))) references)))
        refer-clojure (clause :refer-clojure)
        requires (filter (fn* [r] (and (seq? r) (= :require (first r)))) references)
        uses (filter (fn* [r] (and (seq? r) (= :use (first r)))) references)
        imports (filter (fn* [r] (and (seq? r) (= :import (first r)))) references)]
    `(do (in-ns '~name)
         ~(if (= name 'clojure.core)
            nil
            (if refer-clojure
              `(clojure.core/-refer-clojure ~@(-map1 (fn* [x] (list 'quote x)) (rest refer-clojure)))
              '(clojure.core/-refer-clojure)))
         ~@(-map1 (fn* [r] `(clojure.core/require ~@(-map1 (fn* [x] (list 'quote x)) (rest r)))) requires)
         ~@(-map1 (fn* [r] `(clojure.core/require ~@(-map1 (fn* [x] (list 'quote (if (symbol? x) [x :refer :all] (conj (vec x) :refer :all)))) (rest r)))) uses)
         ~@(-map1 (fn* [r] `(clojure.core/-import ~@(-map1 (fn* [x] (list 'quote x)) (rest r)))) imports)
         nil)))

;; ---- Lazy concat, for, doseq and the other core macros ----

(defn concat
  "Returns a lazy seq representing the concatenation of the elements in the supplied colls."
  ([] (lazy-seq nil))
  ([x] (lazy-seq x))
  ([x y]
   (lazy-seq
    (let [s (seq x)]
      (if s (cons (first s) (concat (rest s) y)) y))))
  ([x y & zs]
   (let [cat (fn cat [xys zs]
               (lazy-seq
                (let [xys (seq xys)]
                  (if xys
                    (cons (first xys) (cat (rest xys) zs))
                    (when zs (cat (first zs) (next zs)))))))]
     (cat (concat x y) zs))))

(defmacro lazy-cat [& colls] `(concat ~@(map (fn [c] `(lazy-seq ~c)) colls)))

(defn interleave
  ([] ())
  ([c1] (lazy-seq c1))
  ([c1 c2]
   (lazy-seq
    (let [s1 (seq c1) s2 (seq c2)]
      (when (and s1 s2)
        (cons (first s1) (cons (first s2) (interleave (rest s1) (rest s2)))))))))

(defn -for-groups [seq-exprs]
  (loop [xs (seq seq-exprs) groups []]
    (if xs
      (let [k (first xs) v (second xs)]
        (if (keyword? k)
          (recur (nnext xs) (conj (pop groups) (conj (peek groups) k v)))
          (recur (nnext xs) (conj groups [k v]))))
      groups)))

(defn -for-emit [groups body]
  (let [group (first groups)
        bind (first group)
        expr (second group)
        mods (-partition-pairs (nnext group))
        step (gensym "step__")
        s (gensym "s__")
        more (if (next groups)
               `(concat ~(-for-emit (next groups) body) (~step (rest ~s)))
               `(cons ~body (~step (rest ~s))))
        continue `(~step (rest ~s))
        inner (reduce (fn [inner m]
                        (let [k (first m) v (second m)]
                          (cond (= k :let) `(let ~v ~inner)
                                (= k :when) `(if ~v ~inner ~continue)
                                (= k :while) `(when ~v ~inner)
                                :else (throw (IllegalArgumentException. (str "Invalid 'for' keyword " k))))))
                      more
                      (reverse mods))]
    `((fn ~step [~s]
        (lazy-seq
         (let [~s (seq ~s)]
           (when ~s
             (let [~bind (first ~s)]
               ~inner)))))
      ~expr)))

(defmacro for
  "List comprehension. Takes a vector of one or more binding-form/collection-expr pairs, each
  followed by zero or more modifiers (:let [bindings], :while test, :when test), and yields a
  lazy sequence of evaluations of expr."
  [seq-exprs body-expr]
  (-for-emit (-for-groups seq-exprs) body-expr))

(defmacro doseq
  "Repeatedly executes body (presumably for side-effects) with bindings and filtering as
  provided by \"for\". Does not retain the head of the sequence. Returns nil."
  [seq-exprs & body]
  `(dorun (for ~seq-exprs (do ~@body nil))))

(defn -case-test [v test]
  (if (seq? test)
    (cons 'clojure.core/or (map (fn [t] (list 'clojure.core/= v (list 'quote t))) test))
    (list 'clojure.core/= v (list 'quote test))))

(defmacro case
  "Takes an expression, and a set of clauses: test-constant result-expr, with (a b c) for
  several constants; an optional final default. Throws IllegalArgumentException when no
  clause matches and there is no default."
  [e & clauses]
  (let [v (gensym "case__")
        default? (odd? (count clauses))
        pairs (-partition-pairs (if default? (butlast clauses) clauses))
        tests (mapcat (fn [p] (let [t (first p)] (if (seq? t) t [t]))) pairs)]
    (when-not (= (count tests) (count (set tests)))
      (throw (IllegalArgumentException. (str "Duplicate case test constant: "
                                             (first (filter (fn [t] (> (get (frequencies tests) t) 1)) tests))))))
    `(let [~v ~e]
       (cond ~@(mapcat (fn [p] [(-case-test v (first p)) (second p)]) pairs)
             :else ~(if default?
                      (last clauses)
                      `(throw (IllegalArgumentException. (str "No matching clause: " ~v))))))))

(defmacro condp
  "Takes a binary predicate, an expression, and a set of clauses: test-expr result-expr, or
  test-expr :>> result-fn; an optional default."
  [pred expr & clauses]
  (let [gpred (gensym "pred__") gexpr (gensym "expr__")
        emit (fn emit [args]
               (let [n (if (= :>> (second args)) 3 2)
                     clause (take n args)
                     more (drop n args)
                     a (first clause) b (second clause) c (nth clause 2 nil)]
                 (cond (= 0 (count clause)) `(throw (IllegalArgumentException. (str "No matching clause: " ~gexpr)))
                       (= 1 (count clause)) a
                       (= 2 (count clause)) `(if (~gpred ~a ~gexpr) ~b ~(emit more))
                       :else `(if-let [p# (~gpred ~a ~gexpr)] (~c p#) ~(emit more)))))]
    `(let [~gpred ~pred ~gexpr ~expr] ~(emit clauses))))

(defmacro if-some
  ([bindings then] `(if-some ~bindings ~then nil))
  ([bindings then else]
   (let [form (first bindings) tst (second bindings)]
     `(let [temp# ~tst]
        (if (nil? temp#) ~else (let [~form temp#] ~then))))))

(defmacro when-some [bindings & body]
  (let [form (first bindings) tst (second bindings)]
    `(let [temp# ~tst]
       (if (nil? temp#) nil (let [~form temp#] ~@body)))))

(defmacro cond-> [expr & clauses]
  (let [g (gensym "cond__")
        steps (map (fn [p] `(if ~(first p) (-> ~g ~(second p)) ~g)) (-partition-pairs clauses))]
    `(let [~g ~expr ~@(interleave (repeat g) steps)] ~g)))

(defmacro cond->> [expr & clauses]
  (let [g (gensym "cond__")
        steps (map (fn [p] `(if ~(first p) (->> ~g ~(second p)) ~g)) (-partition-pairs clauses))]
    `(let [~g ~expr ~@(interleave (repeat g) steps)] ~g)))

(defmacro some-> [expr & forms]
  (let [g (gensym "some__")
        steps (map (fn [step] `(if (nil? ~g) nil (-> ~g ~step))) forms)]
    `(let [~g ~expr ~@(interleave (repeat g) steps)] ~g)))

(defmacro some->> [expr & forms]
  (let [g (gensym "some__")
        steps (map (fn [step] `(if (nil? ~g) nil (->> ~g ~step))) forms)]
    `(let [~g ~expr ~@(interleave (repeat g) steps)] ~g)))

(defmacro as-> [expr name & forms]
  `(let [~name ~expr ~@(interleave (repeat name) (butlast forms))]
     ~(if (seq forms) (last forms) name)))

(defmacro doto [x & forms]
  (let [g (gensym "doto__")]
    `(let [~g ~x]
       ~@(map (fn [f] (if (seq? f) `(~(first f) ~g ~@(next f)) `(~f ~g))) forms)
       ~g)))

(defmacro defonce
  "defs name to have the root value of the expr iff the named var has no root value."
  [name expr]
  `(let [v# (def ~name)]
     (when-not (-bound? v#) (def ~name ~expr))))

(defmacro delay
  "Takes a body of expressions and yields a Delay object that will invoke the body only the
  first time it is forced (with force or deref/@), and will cache the result."
  [& body]
  `(-delay (fn [] ~@body)))

;; Map entries are two-element vectors.
(defn key "Returns the key of the map entry." [e] (nth e 0))
(defn val "Returns the value in the map entry." [e] (nth e 1))
(defn map-entry? "Return true if x is a map entry (a two-element vector here)." [x]
  (and (vector? x) (= 2 (count x))))

(defn select-keys
  "Returns a map containing only those entries in map whose key is in keys."
  [m keys]
  (reduce (fn [acc k] (if (contains? m k) (assoc acc k (get m k)) acc)) {} keys))

(defn reduce-kv
  "Reduces an associative collection: f is called with init (then the result), each key and
  its value."
  [f init coll]
  (if (vector? coll)
    (loop [i 0 acc init]
      (if (< i (count coll)) (recur (inc i) (f acc i (nth coll i))) acc))
    (reduce (fn [acc e] (f acc (nth e 0) (nth e 1))) init coll)))

(defn vary-meta
  "Returns an object of the same type and value as obj, with (apply f (meta obj) args) as its
  metadata."
  [obj f & args]
  (with-meta obj (apply f (meta obj) args)))

(defn empty
  "Returns an empty collection of the same category as coll, or nil."
  [coll]
  (cond (sorted? coll) (clojure.core/-sorted-empty coll)
        (map? coll) (with-meta {} (meta coll))
        (set? coll) (with-meta #{} (meta coll))
        (vector? coll) (with-meta [] (meta coll))
        (coll? coll) ()
        :else nil))
