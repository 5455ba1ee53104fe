#?(:clj 1 :cljw 2 :default 3) [#?@(:clj [4 5])]
