(ns app.user) ;; <-
