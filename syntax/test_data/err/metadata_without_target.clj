(a ^:kw)
(ok)
