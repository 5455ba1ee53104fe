"bad \q escape"
