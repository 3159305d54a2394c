"""The weavers' small-world graph (sim/networks.py) against networkx's Watts-Strogatz generator."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from sim.networks import WeaverNetwork, small_world_edges


def as_graph(edges: np.ndarray, n: int) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges.tolist())
    return graph


@pytest.mark.parametrize("n, degree, rewire", [(300, 6, 0.05), (200, 4, 1.0), (50, 9, 0.3)])
def test_simple_graph_with_every_tie_of_the_ring(n, degree, rewire):
    edges = small_world_edges(np.random.default_rng(1), n, degree, rewire)
    graph = as_graph(edges, n)
    assert len(edges) == graph.number_of_edges() == n * (degree // 2)  # no duplicate ties
    assert nx.number_of_selfloops(graph) == 0


def test_no_rewiring_is_the_ring_lattice():
    edges = small_world_edges(np.random.default_rng(1), 100, 6, 0.0)
    assert nx.utils.graphs_equal(as_graph(edges, 100), nx.watts_strogatz_graph(100, 6, 0.0))


@pytest.mark.parametrize("rewire", [0.05, 0.2])
def test_clustering_and_degree_spread_match_networkx(rewire):
    """Over 20 draws, mean clustering within 0.015 of networkx's and the spread of degrees within
    10 % (the default network has 1,000 weavers, degree 6, rewiring 0.05)."""
    rng = np.random.default_rng(7)
    ours, theirs = [], []
    for seed in range(20):
        for graph, out in ((as_graph(small_world_edges(rng, 400, 6, rewire), 400), ours),
                           (nx.watts_strogatz_graph(400, 6, rewire, seed=seed), theirs)):
            out.append((nx.average_clustering(graph), np.std([d for _, d in graph.degree()])))
    ours, theirs = np.mean(ours, axis=0), np.mean(theirs, axis=0)
    assert abs(ours[0] - theirs[0]) < 0.015
    assert abs(ours[1] / theirs[1] - 1) < 0.1


def test_same_stream_same_graph_and_neighbour_means():
    a, b = (WeaverNetwork(np.random.default_rng(3), 200, 6, 0.05) for _ in range(2))
    values = np.random.default_rng(0).random(200)
    active = values > 0.2
    means = a.neighbour_mean(values, active)
    assert (means == b.neighbour_mean(values, active)).all()
    graph = as_graph(small_world_edges(np.random.default_rng(3), 200, 6, 0.05), 200)
    for node in (0, 57, 199):
        alive = [m for m in graph.neighbors(node) if active[m]]
        assert means[node] == pytest.approx(np.mean(values[alive]) if alive else values[node])


def test_joining_weavers_are_tied_both_ways():
    """Ties added for joining weavers count in both directions, as if the graph had been drawn with them."""
    rng = np.random.default_rng(4)
    net = WeaverNetwork(np.random.default_rng(3), 60, 4, 0.1)
    graph = as_graph(small_world_edges(np.random.default_rng(3), 60, 4, 0.1), 60)
    for row in range(60, 70):
        partners = rng.choice(row, size=3, replace=False)
        net.add_node(row, partners)
        graph.add_edges_from((row, int(m)) for m in partners)
    values, active = rng.random(70), rng.random(70) < 0.8
    count, (sums,) = net.neighbour_sums([values], active)
    for node in range(70):
        alive = [m for m in graph.neighbors(node) if active[m]]
        assert count[node] == len(alive)
        assert sums[node] == pytest.approx(values[alive].sum())
    with pytest.raises(ValueError, match="already in the network"):
        net.add_node(5, [1])


def test_ties_lists_each_tie_once_including_a_new_weavers():
    network = WeaverNetwork(np.random.default_rng(3), 60, 4, 0.2)
    expected = {tuple(sorted(tie)) for tie in small_world_edges(np.random.default_rng(3), 60, 4, 0.2).tolist()}
    assert {tuple(tie) for tie in network.ties().tolist()} == expected
    network.add_node(60, np.array([0, 5]))
    assert {tuple(tie) for tie in network.ties().tolist()} == expected | {(0, 60), (5, 60)}
