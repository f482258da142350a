"""Matt Mazur, "A Step by Step Backpropagation Example" (2015): his published numbers, one by one."""
import pytest

from tests.helpers import MAZUR, stepper

# (value he prints, where it lives in the engine's first step)
FORWARD = [
    (0.593269992, lambda r: r.a[1][0, 0]),  # out_h1
    (0.596884378, lambda r: r.a[1][1, 0]),  # out_h2
    (0.75136507, lambda r: r.a[2][0, 0]),  # out_o1
    (0.772928465, lambda r: r.a[2][1, 0]),  # out_o2
    (0.298371109, lambda r: r.J),  # E_total
]
UPDATED = {  # w1..w8 after one update, lr 0.5; his w_i maps to W[l][j, k]
    "w1": (0.149780716, 0, 0, 0), "w2": (0.19956143, 0, 0, 1),
    "w3": (0.24975114, 0, 1, 0), "w4": (0.29950229, 0, 1, 1),
    "w5": (0.35891648, 1, 0, 0), "w6": (0.408666186, 1, 0, 1),
    "w7": (0.511301270, 1, 1, 0), "w8": (0.561370121, 1, 1, 1),
}


@pytest.fixture
def first():
    st = stepper(MAZUR)
    st.step()
    return st.records[0]


@pytest.mark.parametrize("published,get", FORWARD)
def test_forward_and_total_error(first, published, get):
    assert get(first) == pytest.approx(published, abs=1e-8)


@pytest.mark.parametrize("name", sorted(UPDATED))
def test_updated_weights(first, name):
    published, l, j, k = UPDATED[name]
    assert first.W_after[l][j, k] == pytest.approx(published, abs=1e-8)


def test_output_deltas_and_a_hidden_gradient(first):
    # dE/dw5 = 0.082167041 and dE/dw1 = 0.000438568 in his text
    assert first.dW[1][0, 0] == pytest.approx(0.082167041, abs=1e-9)
    assert first.dW[0][0, 0] == pytest.approx(0.000438568, abs=1e-9)


@pytest.mark.parametrize("order,freeze,after", [
    ("output_first", True, 0.291027924),  # what he reports: output weights first, biases never updated
    ("simultaneous", True, 0.29102777),  # the textbook rule, his frozen biases
    ("simultaneous", False, 0.28047145),  # the textbook rule with biases updated
])
def test_error_after_one_step_depends_on_order_and_biases(order, freeze, after):
    st = stepper({**MAZUR, "update_order": order, "freeze_biases": freeze})
    st.step()
    st.sub_step(), st.sub_step(), st.sub_step()  # forward twice, then the loss of step 2
    assert st.pending.J == pytest.approx(after, abs=1e-8)
