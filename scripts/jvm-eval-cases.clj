;; For each line of standard input (one dialect expression, or a blank/comment line), prints
;; one line: the expression, a tab, then `=> <pr-str of the value>` or `throws <class>`.
;; All lines are evaluated in order in one `user` namespace, so earlier `def`s are visible.
;; Used by scripts/regen-eval-goldens.sh.
(doseq [line (line-seq (java.io.BufferedReader. *in*))]
  (when-not (or (clojure.string/blank? line) (.startsWith ^String line ";"))
    (let [result (try
                   (let [v (eval (read-string line))]
                     (str "=> " (pr-str v)))
                   (catch Throwable e
                     (let [e (if (instance? clojure.lang.Compiler$CompilerException e)
                               (or (.getCause e) e)
                               e)]
                       (str "throws " (.getName (class e))))))]
      (println (str line "\t" result)))))
;; Cases may use agents or futures, whose non-daemon pool threads would keep the JVM alive.
(shutdown-agents)
