(ns fx.format)
(format "%s scored %d points" "ann") ;; <-
(format "%s scored %d points" "ann" 3) ;; ok
(format "100%% done%n") ;; ok
(printf "%2$s %1$s" "a") ;; <-
