;; clojure.core, third part: protocols, records, deftype and reify, multimethods with
;; hierarchies, and refs and agents.
;;
;; A protocol is a map {:name sym, :impls (atom {class-name {method-kw fn}}), :sigs …};
;; its methods dispatch on the class chain of their first argument (`-type-chain`: the
;; value's own class, its interfaces, then java.lang.Object). Records are maps carrying a
;; type name; deftype/reify instances are objects holding their fields (and, for reify,
;; their own methods). A multimethod is a fn whose state (method table, prefers) lives in
;; its own atom, registered by name in `-multi-tables`.
;; Dialect code runs on one thread: refs are atoms whose transactions simply run, agents
;; run each action at `send`, in order, on the sending thread.

(declare namespace-munge -split-dash)

(defn -class-key [t]
  (cond (nil? t) "nil"
        (symbol? t) (name t)
        (string? t) t
        :else (throw (IllegalArgumentException. (str "Not a class: " (pr-str t))))))

(defn -protocol? [p] (and (map? p) (contains? p ::protocol)))

(defmacro defprotocol
  "A protocol is a named set of named methods and their signatures:
  (defprotocol AProtocolName \"doc\" (bar [this a b] \"bar docs\") (baz [this a]))"
  [pname & specs]
  (let [doc (when (string? (first specs)) (first specs))
        specs (if (string? (first specs)) (rest specs) specs)
        sigs (filter seq? specs)
        qname (symbol (str (ns-name *ns*)) (name pname))]
    `(do
       (defonce ~(with-meta pname (if doc {:doc doc} {}))
         {::protocol true :name '~qname :impls (atom {})
          :sigs '~(into {} (map (fn [[m & r]] [(keyword m) (vec (filter vector? r))]) sigs))})
       ~@(map (fn [[mname & more]]
                (let [arglists (filter vector? more)
                      mdoc (first (filter string? more))
                      ctx (gensym "ctx")]
                  ;; Each method keeps an inline cache of the fns it found per class.
                  `(let [~ctx (-proto-ctx ~pname ~(keyword mname))]
                    (defn ~(with-meta mname (merge {:arglists arglists ::protocol-method true}
                                                 (if mdoc {:doc mdoc} {})))
                     ;; One fixed arity per declared arglist (no rest args, no apply),
                     ;; unless an arglist is variadic or none is given.
                     ~@(if (and (seq arglists)
                                (every? (fn [al] (and (seq al) (not (some #{'&} al)))) arglists))
                         (map (fn [n]
                                (let [ps (vec (repeatedly n (fn [] (gensym "p"))))]
                                  `(~ps (-forward (-proto-target ~ctx ~(first ps))))))
                              (distinct (map count arglists)))
                         [`([x# & args#] (apply (-proto-target ~ctx x#) x# args#))])))))
              sigs)
       '~pname)))

(defn -proto-ctx
  "The context of one protocol method's dispatch: [protocol impls-atom method-kw cache]."
  [p mk]
  [p (get p :impls) mk (volatile! nil)])

(defn extend
  "Implementations of protocol methods can be provided using the extend construct:
  (extend AType AProtocol {:foo an-existing-fn :bar (fn [a b] ...)} ...)"
  [atype & proto+mmaps]
  (doseq [[p mmap] (partition 2 proto+mmaps)]
    (when (-protocol? p)
      (swap! (get p :impls) update (-class-key atype) merge mmap)))
  nil)

(defn -method-groups
  "Splits `Proto (m [..] ..) (n ..) Proto2 ...` into [[Proto [impls]] ...]."
  [specs]
  (loop [out [] specs (seq specs)]
    (if specs
      (let [p (first specs)
            impls (take-while seq? (rest specs))]
        (recur (conj out [p impls]) (seq (drop-while seq? (rest specs)))))
      out)))

(defn -impl-arities [[_ & arities]]
  (if (vector? (first arities)) (list arities) arities))

(defn -impl-map
  "Method impls as {:m (fn ...)}; several impls of one method (one per arity, as defrecord
  and deftype allow) become one multi-arity fn. `wrap` rewrites each arity."
  [impls wrap]
  (let [by-name (reduce (fn [m impl]
                          (update m (keyword (first impl)) (fnil into []) (-impl-arities impl)))
                        {} impls)]
    (into {} (map (fn [[k arities]]
                    [k `(fn ~@(map (fn [[params & body]] (wrap params body)) arities))])
                  by-name))))

(defn -params-symbols [params]
  (set (filter symbol? (tree-seq coll? seq params))))

(defn -field-wrap
  "Binds the type's fields (not shadowed by params) from the instance inside each method."
  [fields getter]
  (fn [params body]
    (let [this (first params)
          shadowed (-params-symbols params)
          bound (remove shadowed fields)]
      (if (and (symbol? this) (seq bound))
        `(~params (let [~@(mapcat (fn [f] [f `(~getter ~this ~(keyword f))]) bound)] ~@body))
        `(~params ~@body)))))

(def -object-methods
  "Methods a defrecord/deftype defines in its `Object` section, {type-name {:toString f}};
  `str` uses :toString."
  (atom {}))

(defn -object-methods! [t mmap]
  (swap! -object-methods update (symbol (-class-key t)) merge mmap)
  nil)

(defn -extend-forms [tag-form specs wrap]
  (map (fn [[p impls]]
         (if (contains? '#{Object java.lang.Object} p)
           `(-object-methods! ~tag-form ~(-impl-map impls wrap))
           `(extend ~tag-form ~p ~(-impl-map impls wrap))))
       (-method-groups specs)))

(defmacro extend-type
  "(extend-type AType AProtocol (method [this] ...) ... AnotherProtocol ...)"
  [t & specs]
  `(do ~@(-extend-forms t specs (fn [params body] `(~params ~@body))) nil))

(defmacro extend-protocol
  "(extend-protocol Protocol AType (method [this] ...) AnotherType (method ...))"
  [p & specs]
  (let [groups (loop [out [] specs (seq specs)]
                 (if specs
                   (recur (conj out [(first specs) (take-while seq? (rest specs))])
                          (seq (drop-while seq? (rest specs))))
                   out))]
    `(do ~@(map (fn [[t impls]] `(extend-type ~t ~p ~@impls)) groups) nil)))

(defn satisfies? "Returns true if x satisfies the protocol" [protocol x]
  (boolean (or (get (get (-fields x) ::methods) (get protocol :name))
               (some (fn [t] (contains? (deref (get protocol :impls)) t)) (-type-chain x)))))

(defn extends? "Returns true if atype extends protocol" [protocol atype]
  (contains? (deref (get protocol :impls)) (-class-key atype)))

(defn extenders "Returns a collection of the types explicitly extending protocol" [protocol]
  (map symbol (keys (deref (get protocol :impls)))))

(defn -qualified-type [tname]
  (symbol (str (namespace-munge (ns-name *ns*)) "." (name tname))))

(defn namespace-munge "Converts a namespace name to its package name." [ns]
  (-str-join "_" (clojure.core/-split-dash (str ns))))

(defn -split-dash [s]
  (loop [out [] cur "" cs (seq s)]
    (if cs
      (if (= (first cs) \-) (recur (conj out cur) "" (next cs)) (recur out (str cur (first cs)) (next cs)))
      (conj out cur))))

(defmacro defrecord
  "(defrecord name [fields*] specs*): a record type, its constructors ->name and map->name,
  and the protocols it implements. Records are maps that know their type."
  [rname fields & specs]
  (let [tag (-qualified-type rname)
        kws (map keyword fields)]
    `(do
       (def ~rname '~tag)
       (defn ~(symbol (str "->" rname))
         ~(str "Positional factory function for class " tag ".")
         [~@fields]
         (-record '~tag ~(zipmap kws fields)))
       (defn ~(symbol (str "map->" rname))
         ~(str "Factory function for class " tag ", taking a map of keywords to field values.")
         [m#]
         (-record '~tag (merge ~(zipmap kws (repeat nil)) m#)))
       ~@(-extend-forms rname specs (-field-wrap fields 'clojure.core/get))
       ~rname)))

(defmacro deftype
  "(deftype name [fields*] specs*): a type with fields, its constructor ->name, and the
  protocols it implements. Fields are read with (.-field x)."
  [tname fields & specs]
  (let [tag (-qualified-type tname)
        kws (map keyword fields)]
    `(do
       (def ~tname '~tag)
       (defn ~(symbol (str "->" tname))
         ~(str "Positional factory function for class " tag ".")
         [~@fields]
         (-instance '~tag ~(zipmap kws fields)))
       ~@(-extend-forms tname specs (-field-wrap fields 'clojure.core/-field))
       ~tname)))

(defn -field [x k] (get (-fields x) k))

(defmacro reify
  "(reify Protocol (method [this] ...) ...): an anonymous object implementing protocols; its
  methods close over the surrounding locals."
  [& specs]
  (let [tag (symbol (str (gensym "reify__")))]
    `(-instance '~tag
                {::methods ~(into {} (map (fn [[p impls]]
                                             [`(get ~p :name)
                                              (-impl-map impls (fn [params body] `(~params ~@body)))])
                                           (remove (fn [[p _]] (contains? '#{Object java.lang.Object} p))
                                                   (-method-groups specs))))})))

;; ---- Hierarchies and multimethods ----

(defn make-hierarchy "Creates a hierarchy object for use with derive, isa? etc." []
  {:parents {} :descendants {} :ancestors {}})

(defonce -global-hierarchy (atom (make-hierarchy)))

(defn -class-isa? [child parent]
  (and (symbol? child) (symbol? parent)
       (boolean (some (fn [c] (= c (name parent))) (-class-chain (name child))))))

(defn isa?
  "Returns true if (= child parent), or child is directly or indirectly derived from parent,
  either via a Java type inheritance relationship or a relationship established via derive."
  ([child parent] (isa? (deref -global-hierarchy) child parent))
  ([h child parent]
   (or (= child parent)
       (-class-isa? child parent)
       (contains? (get (get h :ancestors) child #{}) parent)
       (and (vector? child) (vector? parent) (= (count child) (count parent))
            (every? true? (map (fn [c p] (isa? h c p)) child parent))))))

(defn parents "Returns the immediate parents of tag." 
  ([tag] (parents (deref -global-hierarchy) tag))
  ([h tag] (not-empty (get (get h :parents) tag))))

(defn ancestors "Returns the immediate and indirect parents of tag."
  ([tag] (ancestors (deref -global-hierarchy) tag))
  ([h tag] (not-empty (get (get h :ancestors) tag))))

(defn descendants "Returns the immediate and indirect children of tag."
  ([tag] (descendants (deref -global-hierarchy) tag))
  ([h tag] (not-empty (get (get h :descendants) tag))))

(defn derive
  "Establishes a parent/child relationship between parent and tag. h must be a hierarchy
  obtained from make-hierarchy; without it, modifies the global hierarchy."
  ([tag parent] (swap! -global-hierarchy derive tag parent) nil)
  ([h tag parent]
   (when (= tag parent) (throw (-exception "java.lang.AssertionError" "Assert failed: (not= tag parent)")))
   (let [anc (fn [x] (get (get h :ancestors) x #{}))
         desc (fn [x] (get (get h :descendants) x #{}))]
     (cond
       (contains? (get (get h :parents) tag #{}) parent) h
       (contains? (anc tag) parent)
       (throw (-exception "java.lang.Exception" (str (pr-str tag) " already has " (pr-str parent) " as ancestor")))
       (contains? (anc parent) tag)
       (throw (-exception "java.lang.Exception" (str "Cyclic derivation: " (pr-str parent) " has " (pr-str tag) " as ancestor")))
       :else
       (let [gained-anc (conj (anc parent) parent)
             gained-desc (conj (desc tag) tag)]
         {:parents (update (get h :parents) tag (fnil conj #{}) parent)
          :ancestors (reduce (fn [m x] (update m x (fnil into #{}) gained-anc))
                             (get h :ancestors) (conj (desc tag) tag))
          :descendants (reduce (fn [m x] (update m x (fnil into #{}) gained-desc))
                               (get h :descendants) (conj (anc parent) parent))})))))

(defn underive
  "Removes a parent/child relationship between parent and tag."
  ([tag parent] (swap! -global-hierarchy underive tag parent) nil)
  ([h tag parent]
   (let [pm (update (get h :parents) tag disj parent)
         pm (if (empty? (get pm tag)) (dissoc pm tag) pm)]
     (reduce (fn [acc [child ps]] (reduce (fn [acc p] (derive acc child p)) acc ps))
             (make-hierarchy) pm))))

(defonce -multi-tables (atom {}))

(defn -multi-cell
  "The atom holding multimethod mf's state (its own, captured by mf's fn as well)."
  [mf]
  (or (get (deref -multi-tables) (get (meta mf) ::multi))
      (throw (IllegalArgumentException. (str "Not a multimethod: " (pr-str mf))))))

(defn -multi-state [mf] (deref (-multi-cell mf)))

(defn -dominates? [h prefers x y]
  (or (contains? (get prefers x #{}) y) (isa? h x y)))

(defn -find-method [state dv]
  (let [h (get state :hierarchy)
        h (if (var? h) (deref h) h)
        h (if (instance? clojure.lang.Atom h) (deref h) h)
        methods (get state :methods)
        prefers (get state :prefers)]
    (if (contains? methods dv)
      (get methods dv)
      (let [candidates (filter (fn [[k _]] (isa? h dv k)) methods)
            best (reduce (fn [best [k f]]
                           (cond (nil? best) [k f]
                                 (-dominates? h prefers k (first best)) [k f]
                                 (-dominates? h prefers (first best) k) best
                                 :else (throw (IllegalArgumentException.
                                               (str "Multiple methods in multimethod '" (name (get state :name))
                                                    "' match dispatch value: " (pr-str dv) " -> " (pr-str k)
                                                    " and " (pr-str (first best)) ", and neither is preferred")))))
                         nil candidates)]
        (if best
          (second best)
          (get methods (get state :default)))))))

(defn -mm-method
  "The method for dispatch value dv, through the multimethod's cache (a volatile holding
  [state hierarchy {dv method}], rebuilt whenever the method table or the hierarchy changes)."
  [qname state cache dv]
  (or (-mm-cached cache state dv)
      (-mm-cache! cache state dv
                  (or (-find-method state dv)
                      (throw (IllegalArgumentException.
                              (str "No method in multimethod '" (name qname) "' for dispatch value: "
                                   (pr-str dv))))))))

(defn -multifn [qname dispatch default hierarchy]
  (let [cell (atom {:name qname :dispatch dispatch :default default :hierarchy hierarchy
                    :methods {} :prefers {}})
        cache (volatile! [nil nil {}])]
    (swap! -multi-tables assoc qname cell)
    (with-meta
      ;; One native step per call (-mm-target: dispatch, cache lookup, -mm-method on a miss).
      (let [ctx [qname cell cache -mm-method dispatch hierarchy]]
        (fn
          ([a] (-forward (-mm-target ctx a)))
          ([a b] (-forward (-mm-target ctx a b)))
          ([a b c] (-forward (-mm-target ctx a b c)))
          ([a b c & more] (apply (apply -mm-target ctx a b c more) a b c more))))
      {::multi qname})))

(defmacro defmulti
  "Creates a new multimethod with the associated dispatch function:
  (defmulti name docstring? attr-map? dispatch-fn & options), options :default and
  :hierarchy."
  [mname & options]
  (let [doc (when (string? (first options)) (first options))
        options (if (string? (first options)) (next options) options)
        options (if (map? (first options)) (next options) options)
        dispatch (first options)
        opts (apply hash-map (next options))
        qname (symbol (str (ns-name *ns*)) (name mname))]
    `(defonce ~(with-meta mname (if doc {:doc doc} {}))
       (-multifn '~qname ~dispatch ~(get opts :default :default)
                 ~(get opts :hierarchy `(var -global-hierarchy))))))

(defn -add-method [mf dv f]
  (swap! (-multi-cell mf) assoc-in [:methods dv] f)
  mf)

(defmacro defmethod
  "Creates and installs a new method of multimethod associated with dispatch-value."
  [multifn dispatch-val & fn-tail]
  `(-add-method ~multifn ~dispatch-val (fn ~@fn-tail)))

(defn methods "Given a multimethod, returns a map of dispatch values -> dispatch fns" [mf]
  (get (-multi-state mf) :methods))

(defn get-method "Given a multimethod and a dispatch value, returns the dispatch fn that
  would apply to that value, or nil if none apply and there is no default" [mf dv]
  (-find-method (-multi-state mf) dv))

(defn remove-method "Removes the method of multimethod associated with dispatch-value." [mf dv]
  (swap! (-multi-cell mf) update :methods dissoc dv)
  mf)

(defn remove-all-methods "Removes all of the methods of multimethod." [mf]
  (swap! (-multi-cell mf) assoc :methods {})
  mf)

(defn prefer-method
  "Causes the multimethod to prefer matches of dispatch-val-x over dispatch-val-y when there
  is a conflict."
  [mf x y]
  (swap! (-multi-cell mf) update-in [:prefers x] (fnil conj #{}) y)
  mf)

(defn prefers "Given a multimethod, returns a map of preferred value -> set of other values"
  [mf]
  (get (-multi-state mf) :prefers))

;; ---- Refs and agents (one thread: transactions run as they are) ----

(defn ref "Creates and returns a Ref with an initial value of x (an atom-backed ref in kiln)."
  [x & options]
  (let [r (atom x)]
    (when-let [v (get (apply hash-map options) :validator)] (set-validator! r v))
    r))
(defmacro dosync "Runs the exprs in a transaction (in kiln, dialect code runs on one thread,
  so the body simply runs)." [& exprs] `(do ~@exprs))
(defmacro sync [flags & body] `(do ~@body))
(defn alter "Sets the in-transaction-value of ref to (apply fun in-transaction-value-of-ref args)."
  [r f & args] (apply swap! r f args))
(defn commute "Sets the in-transaction-value of ref to (apply fun in-transaction-value-of-ref args)."
  [r f & args] (apply swap! r f args))
(defn ref-set "Sets the value of ref." [r v] (reset! r v))
(defn ensure "Returns the in-transaction-value of ref." [r] (deref r))

(defn agent "Creates and returns an agent with an initial value of state (actions run at send,
  in order, on the sending thread)." [state & options]
  (let [a (atom state)]
    (when-let [v (get (apply hash-map options) :validator)] (set-validator! a v))
    a))
(defn send "Dispatches an action to an agent; returns the agent." [a f & args]
  (apply swap! a f args) a)
(defn send-off "Dispatches an action to an agent; returns the agent." [a f & args]
  (apply swap! a f args) a)
(defn await "Waits for the actions dispatched so far (they already ran)." [& agents] nil)
(defn await-for [timeout-ms & agents] true)
(defn agent-error [a] nil)
(defn shutdown-agents [] nil)
