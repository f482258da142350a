"""The weight matrices' figures (viz.matrices): heat maps on a symmetric range, digit images, pooling."""
import numpy as np
import pytest

from viz.matrices import digit_images, heatmap, pooled


def test_heatmap_range_is_symmetric_and_hover_names_row_and_column():
    M = np.array([[0.1, -0.7], [0.3, 0.2], [0.0, 0.05]])
    fig = heatmap(M, "W[1]")
    hm = fig.data[0]
    assert hm.zmin == -0.7 and hm.zmax == 0.7
    assert "j = %{y}" in hm.hovertemplate and "k = %{x}" in hm.hovertemplate
    assert heatmap(np.abs(M), "|W|", diverging=False).data[0].zmin is None


def test_digit_images_show_each_row_on_its_own_symmetric_range():
    W1 = np.arange(20 * 64, dtype=float).reshape(20, 64) - 600
    fig = digit_images(W1, (8, 8))
    assert len(fig.data) == 20  # every neuron
    for j, t in enumerate(fig.data):
        assert np.array_equal(np.asarray(t.z), W1[j].reshape(8, 8))
        assert t.zmax == np.abs(W1[j]).max() and t.zmin == -t.zmax
        assert t.hovertemplate.startswith(f"j = {j}<br>")
    page = digit_images(W1, start=16, count=16)
    assert [t.hovertemplate.split("<br>")[0] for t in page.data] == [f"j = {j}" for j in range(16, 20)]
    with pytest.raises(ValueError, match="64"):
        digit_images(np.zeros((3, 10)))


def test_heatmap_of_the_largest_layer_stays_under_a_megabyte():
    for shape in [(1024, 1024), (128, 784), (1024, 7)]:
        M = np.random.default_rng(0).normal(size=shape)
        assert len(heatmap(M, "W").to_json()) < 2**20


def test_pooling_averages_blocks():
    M = np.arange(12.0).reshape(3, 4)
    P, f = pooled(M, cells=3)
    assert f == 2 and P.tolist() == [[2.5, 4.5], [8.5, 10.5]]
