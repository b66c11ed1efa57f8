"""Use cases: load rows, call the domain, save. The only code that commits.

Services take ids and `now` as arguments and never read `current_user`, so they are
callable from views, the CLI and tests alike. Each public function is one transaction.
"""
