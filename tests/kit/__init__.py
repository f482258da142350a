"""What the tests and the benchmarks (bench/) share, one copy: a Streamlit server of their own
(server.py), one student's tab spoken over Streamlit's protocol without a browser (student.py), a live
class's follower that also reads the class's server-sent events (follower.py), and replicas behind HAProxy
(balancer.py). A test that uses it needs a server, and tests/conftest.py
marks it so (`server`)."""
