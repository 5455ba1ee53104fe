# (a) #<obj> #%x (ok)
