;; clojure.core, fourth part: the rest of what real code reaches for — dynamic vars with
;; Clojure's defaults, `use`, `load-file`, `with-redefs`, taps, `print-method` (a
;; multimethod code can extend; kiln's printer does not consult it), host-flavoured macros
;; that make sense on one thread (`locking`, `io!`, `memfn`, `..`), unchecked casts, and
;; small helpers. JVM-only facilities (proxy, gen-class, arrays, structs) are not here.

(def ^:dynamic *1 nil)
(def ^:dynamic *2 nil)
(def ^:dynamic *3 nil)
(def ^:dynamic *e nil)
(def ^:dynamic *in* nil)
(def ^:dynamic *agent* nil)
(def ^:dynamic *print-readably* true)
(def ^:dynamic *print-meta* false)
(def ^:dynamic *print-dup* false)
(def ^:dynamic *print-namespace-maps* false)
(def ^:dynamic *flush-on-newline* true)
(def ^:dynamic *read-eval* true)
(def ^:dynamic *data-readers* {})
(def ^:dynamic *default-data-reader-fn* nil)
(def ^:dynamic *math-context* nil)
(def ^:dynamic *source-path* nil)
(def ^:dynamic *compile-path* "classes")
(def ^:dynamic *compile-files* false)
(def ^:dynamic *compiler-options* {})
(def ^:dynamic *verbose-defrecords* false)
(def ^:dynamic *suppress-read* nil)
(def ^:dynamic *allow-unresolved-vars* false)
(def ^:dynamic *reader-resolver* nil)
(def ^:dynamic *use-context-classloader* true)
(def *clojure-version* {:major 1 :minor 12 :incremental 0 :qualifier nil})
(def default-data-readers {})

(defn clojure-version "Returns clojure version as a printable string." [] "1.12.0")

(defn use
  "Like require, but also refers to each lib's public vars (:refer :all)."
  [& args]
  (doseq [a args]
    (if (symbol? a)
      (require [a :refer :all])
      (require (if (some #{:refer :only} a) (vec a) (conj (vec a) :refer :all)))))
  nil)

(defn load-file "Sequentially read and evaluate the set of forms contained in the file." [name]
  (load-string (slurp name)))

(defn requiring-resolve
  "Resolves namespace-qualified sym per 'resolve'. If initial resolve fails, attempts to
  require sym's namespace and retries."
  [sym]
  (or (resolve sym)
      (do (require (symbol (namespace sym))) (resolve sym))))

(defn with-redefs-fn
  "Temporarily redefines vars during a call to func: binding-map maps vars to values."
  [binding-map func]
  (let [root-bind (fn [m] (doseq [[a-var a-val] m] (alter-var-root a-var (constantly a-val))))
        old-vals (zipmap (keys binding-map) (map deref (keys binding-map)))]
    (try
      (root-bind binding-map)
      (func)
      (finally (root-bind old-vals)))))

(defmacro with-redefs
  "binding => var-symbol temp-value-expr. Temporarily redefines the vars while executing the
  body; the root values are restored afterwards, even on an exception."
  [bindings & body]
  `(with-redefs-fn ~(zipmap (map (fn [v] `(var ~v)) (take-nth 2 bindings))
                            (take-nth 2 (next bindings)))
     (fn [] ~@body)))

(defn with-bindings*
  "Calls f with args with the var -> value bindings of binding-map in place."
  [binding-map f & args]
  (push-thread-bindings binding-map)
  (try (apply f args) (finally (pop-thread-bindings))))

(defmacro with-bindings "Executes body with the var -> value bindings of binding-map."
  [binding-map & body]
  `(with-bindings* ~binding-map (fn [] ~@body)))

(defn bound-fn* "Returns f (dialect code runs on one thread, so bindings travel with it)." [f] f)
(defmacro bound-fn [& fntail] `(fn ~@fntail))

(defonce -taps (atom #{}))
(defn add-tap "Adds f, a fn of one argument, to the tap set." [f] (swap! -taps conj f) nil)
(defn remove-tap "Remove f from the tap set." [f] (swap! -taps disj f) nil)
(defn tap> "Sends x to every tap fn (at once, in this thread). Returns true." [x]
  (doseq [f @-taps] (try (f x) (catch Throwable _ nil)))
  true)

(defmulti print-method "Printing hook (kiln's printer does not consult it)." (fn [x writer] (type x)))
(defmethod print-method :default [x w]
  (if (= w *out*) (pr x) (.append w (pr-str x)))
  nil)
(defmulti print-dup "Printing hook (kiln's printer does not consult it)." (fn [x writer] (type x)))
(defn print-simple [o w] (print (str o)))

(defmacro locking "Executes exprs (one thread: no lock is needed)." [x & body]
  `(do ~x ~@body))
(defmacro io! "Executes body (there are no transactions to guard)." [& body] `(do ~@body))
(defmacro memfn "Expands into code that creates a fn that expects to be passed an object and
  any args and calls the named instance method on the object passing the args." [name & args]
  `(fn [target# ~@args] (. target# (~name ~@args))))
(defmacro ..
  "form => fieldName-symbol or (instanceMethodName-symbol args*). Expands into a member
  access (.) of the first member on the first argument, followed by the next member on the
  result, etc."
  ([x form] `(. ~x ~form))
  ([x form & more] `(.. (. ~x ~form) ~@more)))
(defmacro import
  "import-list => (package-symbol class-name-symbols*)
  For each name in class-name-symbols, makes the class readable by its short name in the
  current namespace (kiln loads nothing: host classes are what the runtime provides)."
  [& import-symbols-or-lists]
  `(clojure.core/-import ~@(map (fn [x] (list 'quote (if (and (seq? x) (= 'quote (first x))) (second x) x)))
                                import-symbols-or-lists)))
(defmacro with-precision "Evaluates exprs (BigDecimal precision is not applied)." [precision & exprs]
  `(do ~@(if (= :rounding (first exprs)) (drop 2 exprs) exprs)))

(defn reset-vals! "Sets the value of atom to newval. Returns [old new]." [a newval]
  (let [old @a] (reset! a newval) [old newval]))
(defn ifn? "Returns true if x implements IFn." [x]
  (or (fn? x) (keyword? x) (symbol? x) (map? x) (set? x) (vector? x) (var? x)))
(defn delay? "returns true if x is a Delay" [x] (instance? clojure.lang.Delay x))
(defn special-symbol? "Returns true if s names a special form" [s]
  (contains? '#{def if do let* fn* loop* recur quote var throw try catch finally set! letfn*
                new . monitor-enter monitor-exit case* deftype* reify* import* &}
             s))
(defn test "test [v] finds fn at key :test in var metadata, and calls it, presuming failure
  will throw exception" [v]
  (if-let [f (:test (meta v))] (do (f) :ok) :no-test))
(defn bounded-count "If coll is counted? returns its count, else will count at most the first
  n elements of coll using its seq" [n coll]
  (if (counted? coll)
    (count coll)
    (loop [i 0 s (seq coll)] (if (and s (< i n)) (recur (inc i) (next s)) i))))
(defn replicate "DEPRECATED: Use 'repeat' instead. Returns a lazy seq of n xs." [n x]
  (take n (repeat x)))
(defn pmap "Like map (kiln runs it on the calling thread)." [f & colls] (apply map f colls))
(defn pcalls "Returns a lazy seq of the values of the exprs, which are fns of no args." [& fns]
  (map (fn [f] (f)) fns))
(defmacro pvalues "Returns a lazy seq of the values of the exprs." [& exprs]
  `(pcalls ~@(map (fn [e] `(fn [] ~e)) exprs)))
(defn future-done? [f] true)
(defn future-cancel [f] false)
(defn future-cancelled? [f] false)
(defn iteration
  "Creates a seqable over the results of successive calls to (step k): vf extracts the value,
  kf the next key, somef (default some?) tells whether there is a result."
  [step & {:keys [somef vf kf initk] :or {vf identity kf identity somef some? initk nil}}]
  (letfn [(it [k]
            (lazy-seq
             (let [ret (step k)]
               (when (somef ret)
                 (cons (vf ret) (when-some [nk (kf ret)] (it nk)))))))]
    (it initk)))
(defn find-keyword "Returns a Keyword with the given namespace and name if one already exists."
  ([n] (keyword n)) ([ns n] (keyword ns n)))
(defn cast "Throws a ClassCastException if x is not a c, else returns x." [c x]
  (if (or (nil? x) (instance? c x))
    x
    (throw (-exception "java.lang.ClassCastException"
                       (str "Cannot cast " (-class-key (class x)) " to " (-class-key c))))))
(defn supers "Returns the immediate and indirect superclasses and interfaces of c" [c]
  (not-empty (set (map symbol (rest (-class-chain (name c)))))))
(defn bases "Returns the immediate superclass and direct interfaces of c" [c]
  (seq (map symbol (take 1 (rest (-class-chain (name c)))))))
(defn vector-of "Creates a new vector of a single primitive type (here: a vector)." [t & elements]
  (vec elements))
(def destructure -destructure)
(def seq-to-map-for-destructuring -seq-to-map)
(defn Throwable->map "Constructs a data representation for a Throwable." [t]
  (let [via (loop [e t via []]
              (if e
                (recur (ex-cause e)
                       (conj via (merge {:type (symbol (-class-key (class e))) :message (ex-message e)}
                                        (when (ex-data e) {:data (ex-data e)}))))
                via))]
    (merge {:via via :trace [] :cause (:message (last via))}
           (when-let [d (ex-data (loop [e t] (if (ex-cause e) (recur (ex-cause e)) e)))] {:data d}))))
(defn munge "Converts a Clojure name to the name the JVM would use for it." [s]
  (let [m {\- "_" \. "_" \? "_QMARK_" \! "_BANG_" \* "_STAR_" \+ "_PLUS_" \> "_GT_" \< "_LT_"
           \= "_EQ_" \/ "_SLASH_" \' "_SINGLEQUOTE_" \: "_COLON_" \& "_AMPERSAND_" \% "_PERCENT_"
           \# "_SHARP_" \$ "_DOLLARSIGN_"}
        r (apply str (map (fn [c] (get m c c)) (str s)))]
    (if (symbol? s) (symbol r) r)))
(defn unchecked-long "Coerce to long (truncating)." [x] (long x))
(defn unchecked-int "Coerce to int, wrapping around." [x]
  (let [n (long x)] (- (bit-and (+ n 2147483648) 4294967295) 2147483648)))
(defn unchecked-short "Coerce to short, wrapping around." [x]
  (let [n (long x)] (- (bit-and (+ n 32768) 65535) 32768)))
(defn unchecked-byte "Coerce to byte, wrapping around." [x]
  (let [n (long x)] (- (bit-and (+ n 128) 255) 128)))
(defn unchecked-char "Coerce to char, wrapping around." [x] (char (bit-and (long x) 65535)))
(defn unchecked-double "Coerce to double." [x] (double x))
(defn unchecked-float "Coerce to float." [x] (float x))
(defn unchecked-add-int [x y] (unchecked-int (+ x y)))
(defn unchecked-subtract-int [x y] (unchecked-int (- x y)))
(defn unchecked-multiply-int [x y] (unchecked-int (unchecked-multiply x y)))
(defn unchecked-divide-int [x y] (unchecked-int (quot x y)))
(defn unchecked-remainder-int [x y] (unchecked-int (rem x y)))
(defn unchecked-negate-int [x] (unchecked-int (- x)))
(defn unchecked-dec-int [x] (unchecked-int (dec x)))
(defn hash-ordered-coll "Returns the hash code, consistent with =, for an external ordered
  collection." [coll] (hash (or (seq coll) ())))

(defn -range-test [test]
  (cond (identical? test <) :< (identical? test <=) :<= (identical? test >) :> (identical? test >=) :>=
        :else (throw (IllegalArgumentException. "subseq test must be one of < <= > >="))))

(defn subseq
  "sc must be a sorted collection, test(s) one of <, <=, > or >=. Returns a seq of those
  entries with keys ek for which (test (.. sc comparator (compare ek key)) 0) is true."
  ([sc test key] (-sorted-range sc (-range-test test) key true))
  ([sc start-test start-key end-test end-key]
   (let [upper (set (-sorted-range sc (-range-test end-test) end-key true))]
     (seq (filter (fn [e] (contains? upper e))
                  (-sorted-range sc (-range-test start-test) start-key true))))))

(defn rsubseq
  "Like subseq, in reverse order."
  ([sc test key] (-sorted-range sc (-range-test test) key false))
  ([sc start-test start-key end-test end-key]
   (let [upper (set (-sorted-range sc (-range-test end-test) end-key false))]
     (seq (filter (fn [e] (contains? upper e))
                  (-sorted-range sc (-range-test start-test) start-key false))))))

;; ---- Host statics real libraries reach for ----

(intern (create-ns 'clojure.lang.MapEntry) 'create (fn [k v] [k v]))
(intern (create-ns 'java.util.Date) '-now
        (fn [] (-instance 'java.util.Date {:time (System/currentTimeMillis)})))
(intern (create-ns 'java.util.Locale) 'US (-instance 'java.util.Locale {}))
(intern (create-ns 'java.util.Locale) 'ROOT (-instance 'java.util.Locale {}))
(intern (create-ns 'java.util.Locale) 'ENGLISH (-instance 'java.util.Locale {}))

(defn class?
  "Returns true if x is an instance of Class (in kiln, a class is named by a symbol such
  as `java.lang.String`, as `class` and `resolve` return)."
  [x]
  (and (symbol? x) (nil? (namespace x))
       (let [n (name x)
             i (.lastIndexOf n ".")]
         (and (pos? i) (Character/isUpperCase (.charAt n (inc i)))))))
