// graph_export.cpp — the edge and node tables of every kept graph.
#include "bin/experiment/graph_export.h"

#include "data/format.h"
#include "data/io/table.h"

namespace ricci {

void write_graph_export(const Analysis& analysis, const std::vector<std::int64_t>& labels,
                        const std::function<void(const std::string& name, const std::string& text)>& write) {
  const std::size_t graph_count = analysis.coefficients.size();
  const std::size_t layer_count = graph_count == 0 ? 0 : analysis.graphs.size() / graph_count;
  for (std::size_t ki = 0; ki < graph_count; ++ki) {
    const LocalValues* local = analysis.local.empty() ? nullptr : &analysis.local[ki];
    const std::vector<Correlation> local_rho =
        local ? local_coefficients(*local, analysis.unreachable) : std::vector<Correlation>{};
    for (std::size_t l = 0; l < layer_count; ++l) {
      const LayerGraph& g = analysis.graphs[ki * layer_count + l];
      const std::string suffix = (analysis.radius > 0.0 ? "r" + format_double(analysis.radius) : "k" + csv_count(g.k)) +
                                 "_layer" + csv_count(g.layer) + ".csv";
      Table edges;
      edges.header = {"i", "j", "curvature"};
      for (std::size_t i = 0; i < g.graph.nodes; ++i)
        for (std::size_t slot = g.graph.offsets[i]; slot < g.graph.offsets[i + 1]; ++slot)
          if (g.graph.targets[slot] > i)
            edges.rows.push_back({csv_count(i), csv_count(g.graph.targets[slot]), csv_number(g.edge_curvature[slot])});
      write("edges_" + suffix, csv_text(edges));

      Table nodes;
      nodes.header = {"i", "label", "degree", "scalar_curvature"};
      if (local) nodes.header.insert(nodes.header.end(), {"mean_curvature", "mean_expansion", "local_coefficient"});
      for (std::size_t i = 0; i < g.graph.nodes; ++i) {
        std::vector<std::string> row = {csv_count(i), labels.empty() ? "" : csv_integer(labels[i]),
                                        csv_count(g.graph.degree(i)), csv_number(g.scalar_curvature[i])};
        if (local) {
          const bool transition = l < local->scalar.size();
          row.push_back(transition ? csv_number(local->scalar[l][i]) : "");
          row.push_back(transition ? csv_number(local->expansion[l][i]) : "");
          row.push_back(csv_number(local_rho[i].r));
        }
        nodes.rows.push_back(row);
      }
      write("nodes_" + suffix, csv_text(nodes));
    }
  }
}

}  // namespace ricci
