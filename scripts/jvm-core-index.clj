;; Dumps what the linter needs to know about Clojure's own namespaces: every public var with
;; its kind, its real arities (read from the compiled fn's class, so arglists that describe
;; macros' grammar or lie do not matter), its :arglists and its doc. Output: TSV on stdout.
;;   ns  name  kind  arities  arglists  doc
;; kind: fn, macro, var, dynamic, special, class (java.lang default imports).
(def nss '[clojure.core clojure.string clojure.set clojure.walk clojure.zip clojure.edn
           clojure.test clojure.math clojure.data clojure.pprint clojure.template clojure.repl
           clojure.java.io clojure.java.shell clojure.java.browse clojure.java.javadoc
           clojure.core.protocols clojure.core.reducers clojure.core.server clojure.datafy
           clojure.instant clojure.main clojure.reflect clojure.stacktrace clojure.test.tap
           clojure.test.junit clojure.xml clojure.uuid clojure.inspector])
(doseq [n nss] (require n))

(defn esc [s] (-> (str s) (.replace "\\" "\\\\") (.replace "\t" "\\t") (.replace "\n" "\\n")))

(defn arities [f macro?]
  (when (and (instance? clojure.lang.AFunction f) (not (instance? clojure.lang.MultiFn f)))
    (let [c (class f)
          fixed (->> (.getDeclaredMethods c)
                     (filter #(= "invoke" (.getName %)))
                     (map #(count (.getParameterTypes %))))
          rest (when (instance? clojure.lang.RestFn f) (.getRequiredArity ^clojure.lang.RestFn f))
          adj (if macro? 2 0)
          parts (concat (map #(str (- % adj)) (sort (distinct fixed)))
                        (when rest [(str (- rest adj) "+")]))]
      (when (seq parts) (clojure.string/join "," parts)))))

(doseq [n nss
        [sym v] (sort-by key (ns-publics n))]
  (let [m (meta v)
        macro? (boolean (:macro m))
        val (when (bound? v) @v)
        kind (cond macro? "macro"
                   (:dynamic m) "dynamic"
                   (fn? val) "fn"
                   :else "var")]
    (println (clojure.string/join "\t" [n sym kind (or (arities val macro?) "")
                                        (esc (or (some-> (:arglists m) pr-str) ""))
                                        (esc (or (:doc m) ""))]))))
(doseq [s (sort (map str (keys clojure.lang.Compiler/specials)))]
  (println (str "special\t" s "\tspecial\t\t\t")))
(doseq [s (sort (map str (keys (ns-imports 'user))))]
  (println (str "class\t" s "\tclass\t\t\t")))
