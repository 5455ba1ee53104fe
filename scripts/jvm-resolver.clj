;; Shared by the JVM reader scripts: a reader resolver that accepts any alias, as reading
;; would after a file's own ns form had been evaluated (so ::alias/k reads without evaluating).
(import '[clojure.lang LispReader$Resolver LineNumberingPushbackReader])

(def resolver
  (reify LispReader$Resolver
    (currentNS [_] 'user)
    (resolveClass [_ sym] sym)
    (resolveAlias [_ sym] sym)
    (resolveVar [_ sym] sym)))
