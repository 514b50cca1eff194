"""The small layer every domain may use and that uses no domain: the answer vocabulary, form
components, the visitor's cookie, and the template cache. (Below it: config, db, i18n, security.)"""
