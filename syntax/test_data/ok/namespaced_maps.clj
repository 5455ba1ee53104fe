#:ns{:a 1} #::{:b 2} #::alias{:c 3} #:ns {:d 4}
