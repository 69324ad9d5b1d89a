"""A stand-in cloud, written as the README's Architecture section says a new cloud is written.

EKS-like, without a cloud SDK: clusters that exist already, reached with a kubeconfig from
secret stack config, each running the in-cluster istiod. Its spec model is `cloud.py`'s, its
builder `cloud.py`'s, and `__main__.py` registers both with one line before running the real
CLI (`python -m tests.standin preview ...`), so the registration never leaks into the
process that runs the rest of the suite.
"""
