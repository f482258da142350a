"""numpy's BLAS on one thread in the server: imported first by serve.py and app.py, before numpy loads.

A server process steps many sessions' small networks, one matrix-vector product at a time; a second
BLAS thread only spins beside them, taking the core that other sessions (and, on one machine, the
browser) need. Measured (bench/click.py --only 784, a loaded 2-core machine, one run each): a whole
step of [784,128,64,10] 2.7 ms against 5.4 ms, the click 2.38x the floor against 3.72x. A variable the
environment already sets wins."""
import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
