"""Health endpoints for load balancers: the process is up; the database answers."""
