"""Reading documents (txt, md, ...) into frozen texts. Qt-free."""
