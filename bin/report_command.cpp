// report_command.cpp — `ricci report DIR`: summary.md and SVG figures from a
// sweep's models.csv, layers.csv, groups.csv and sweep.json.
//
// summary.md: accuracy per architecture; per data set and k, the share of
// well-trained models with rho_k < 0 and the pooled rho; the best k per data
// set (the k whose pooled rho over all its well-trained models is most
// negative); the correlation of rho_k with test accuracy, across models and
// across architectures, with p-values. figures/: per-layer box plots of eta
// and of the total curvature, eta_l against Ric_{l-1} with the least-squares
// line, rho_k against k per architecture, and rho_k against accuracy.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bin/commands.h"
#include "bin/options.h"
#include "bin/report.h"
#include "bin/svg.h"
#include "bin/sweep_tables.h"
#include "data/error.h"
#include "data/files.h"
#include "data/io/json.h"
#include "data/io/table.h"
#include "flow/coefficients.h"
#include "flow/statistics.h"

namespace ricci {

namespace {

struct ModelInfo {
  std::size_t index = 0;
  std::string dataset, width, depth;
  bool ok = false;
  double test_accuracy = 0, train_accuracy = 0;
  std::map<int, double> rho;  // by k, defined values only
};

struct LayerInfo {
  double eta = NAN, curvature = NAN;
};

std::string fixed(double v, int digits = 3) {
  if (std::isnan(v)) return "–";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
  return buffer;
}

std::string p_text(double p) {
  if (std::isnan(p)) return "–";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, p < 1e-3 ? "%.1e" : "%.3f", p);
  return buffer;
}

// A file-name-safe version of a data SPEC.
std::string slug(const std::string& text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
  return out.substr(0, 60);
}

double median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

}  // namespace

std::vector<DatasetResult> write_report(const std::string& dir) {
  std::vector<DatasetResult> results;
  const std::string config_path = join_path(dir, "sweep.json");
  if (!file_exists(config_path)) throw data_error(dir + ": no sweep.json (not a sweep directory)");
  const JsonValue config = parse_json(read_file(config_path), config_path);
  const JsonValue& analysis = config.at("analysis", config_path);
  const double threshold = analysis.at("accuracy_threshold", config_path).number;
  const Convention convention = parse_convention(analysis.at("convention", config_path).string);
  std::vector<int> ks;
  for (const JsonValue& k : analysis.at("k", config_path).items) ks.push_back(static_cast<int>(k.number));
  const Table models = read_csv_table(join_path(dir, "models.csv"));
  const Table layers = read_csv_table(join_path(dir, "layers.csv"));
  const Table groups = read_csv_table(join_path(dir, "groups.csv"));
  const std::string mw = "models.csv";

  // Models, in file order, and their layer values by (model, k).
  std::vector<std::string> dataset_order;
  std::map<std::string, ModelInfo> info;  // by model index (text)
  std::vector<std::string> model_order;
  for (const auto& row : models.rows) {
    ModelInfo m;
    m.index = parse_model_index(row[0], mw);
    m.dataset = row[models.column("dataset", mw)];
    m.width = row[models.column("width", mw)];
    m.depth = row[models.column("depth", mw)];
    m.ok = row[models.column("status", mw)] == "ok";
    m.test_accuracy = csv_value(row[models.column("test_accuracy", mw)], mw);
    m.train_accuracy = csv_value(row[models.column("train_accuracy", mw)], mw);
    for (int k : ks) {
      const double r = csv_value(row[models.column("rho_k" + std::to_string(k), mw)], mw);
      if (!std::isnan(r)) m.rho[k] = r;
    }
    if (std::find(dataset_order.begin(), dataset_order.end(), m.dataset) == dataset_order.end())
      dataset_order.push_back(m.dataset);
    model_order.push_back(row[0]);
    info[row[0]] = m;
  }
  std::map<std::pair<std::string, int>, std::vector<LayerInfo>> layer_values;
  for (const auto& row : layers.rows) {
    const int k = std::atoi(row[layers.column("k", "layers.csv")].c_str());
    layer_values[{row[0], k}].push_back(
        {csv_value(row[layers.column("eta", "layers.csv")], "layers.csv"), csv_value(row[layers.column("curvature_total", "layers.csv")], "layers.csv")});
  }
  const auto geometry = layer_geometry_by_model(layers, "layers.csv");
  auto is_well_trained = [&](const ModelInfo& m) {
    return m.ok && well_trained(m.test_accuracy, threshold, convention);
  };

  std::string md = "# ricciflow report\n\n";
  std::size_t ok_count = 0, well = 0;
  for (const auto& [id, m] : info) ok_count += m.ok, well += is_well_trained(m);
  md += std::to_string(models.rows.size()) + " models (" + std::to_string(ok_count) + " trained, " +
        std::to_string(well) + " well-trained: test accuracy at least " + fixed(threshold, 2) + "), k = ";
  for (std::size_t i = 0; i < ks.size(); ++i) md += (i ? ", " : "") + std::to_string(ks[i]);
  md += ". Definitions: docs/method.md.\n\n## Accuracy per architecture\n\n";
  md += "| data set | width | depth | models | mean train accuracy | mean test accuracy | min test accuracy |\n";
  md += "| --- | --- | --- | --- | --- | --- | --- |\n";
  std::vector<std::tuple<std::string, std::string, std::string>> archs;
  for (const std::string& id : model_order) {
    const ModelInfo& m = info[id];
    const auto arch = std::make_tuple(m.dataset, m.width, m.depth);
    if (std::find(archs.begin(), archs.end(), arch) == archs.end()) archs.push_back(arch);
  }
  for (const auto& [dataset, width, depth] : archs) {
    double train = 0, test = 0, low = 1;
    std::size_t n = 0, all = 0;
    for (const auto& [id, m] : info) {
      if (m.dataset != dataset || m.width != width || m.depth != depth) continue;
      ++all;
      if (!m.ok) continue;
      ++n;
      train += m.train_accuracy;
      test += m.test_accuracy;
      low = std::min(low, m.test_accuracy);
    }
    md += "| `" + dataset + "` | " + width + " | " + depth + " | " + std::to_string(all) + " | " +
          fixed(n ? train / n : NAN) + " | " + fixed(n ? test / n : NAN) + " | " + fixed(n ? low : NAN) + " |\n";
  }

  md += "\n## Ricci-flow-like behaviour of the well-trained models\n\n";
  md += "rho_k < 0 is Ricci-flow-like. The pooled rho pools the (eta_l, Ric_{l-1}) pairs of all well-trained, "
        "connected models of the data set (convention " + std::string(convention_name(convention)) +
        (convention == Convention::PaperR ? ": pairs from l = 2, accuracy above the threshold" : "") + ").\n\n";
  md += "| data set | k | well-trained with rho defined | rho < 0 | share | median rho | pooled rho | p |\n";
  md += "| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  std::map<std::string, std::pair<int, double>> best;  // dataset -> (k, pooled rho)
  std::map<std::pair<std::string, int>, RicciPairs> pooled_pairs;  // for the figures
  for (const std::string& dataset : dataset_order)
    for (int k : ks) {
      // The pooled rho as flow/ defines it for the sweep's convention.
      std::vector<double> rhos;
      std::vector<ModelGeometry> pool;
      for (const std::string& id : model_order) {
        const ModelInfo& m = info[id];
        if (m.dataset != dataset || !m.ok) continue;
        const auto it = geometry.find({m.index, k});
        if (it != geometry.end()) pool.push_back({m.test_accuracy, it->second});
        if (is_well_trained(m) && m.rho.count(k)) rhos.push_back(m.rho.at(k));
      }
      const std::size_t negative = static_cast<std::size_t>(std::count_if(rhos.begin(), rhos.end(), [](double r) { return r < 0; }));
      const PooledCoefficient pooled_models = pooled_coefficient(pool, threshold, convention);
      const Correlation& pooled = pooled_models.coefficient.pearson;
      pooled_pairs[{dataset, k}] = pooled_models.pairs;
      md += "| `" + dataset + "` | " + std::to_string(k) + " | " + std::to_string(rhos.size()) + " | " +
            std::to_string(negative) + " | " + fixed(rhos.empty() ? NAN : double(negative) / rhos.size(), 2) + " | " +
            fixed(median(rhos)) + " | " + fixed(pooled.r) + " | " + p_text(pooled.p_value) + " |\n";
      results.push_back({dataset, k, rhos.size(), negative, median(rhos), pooled});
      if (pooled.defined() && (!best.count(dataset) || pooled.r < best[dataset].second)) best[dataset] = {k, pooled.r};
    }

  md += "\n## Best k per data set\n\nThe k with the most negative pooled rho.\n\n| data set | best k | pooled rho |\n| --- | --- | --- |\n";
  for (const std::string& dataset : dataset_order)
    md += "| `" + dataset + "` | " + (best.count(dataset) ? std::to_string(best[dataset].first) : "–") + " | " +
          fixed(best.count(dataset) ? best[dataset].second : NAN) + " |\n";

  md += "\n## rho_k and accuracy\n\nAcross models (every trained model with rho_k defined):\n\n";
  md += "| data set | k | models | Pearson r | p | Spearman | p |\n| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const std::string& dataset : dataset_order)
    for (int k : ks) {
      std::vector<double> rho, acc;
      for (const auto& [id, m] : info)
        if (m.dataset == dataset && m.ok && m.rho.count(k)) rho.push_back(m.rho.at(k)), acc.push_back(m.test_accuracy);
      const Correlation p = pearson(rho, acc), s = spearman(rho, acc);
      md += "| `" + dataset + "` | " + std::to_string(k) + " | " + std::to_string(rho.size()) + " | " + fixed(p.r) +
            " | " + p_text(p.p_value) + " | " + fixed(s.r) + " | " + p_text(s.p_value) + " |\n";
    }
  md += "\nAcross architectures (pooled rho of each architecture against its mean test accuracy, groups.csv):\n\n";
  md += "| k | architectures | Pearson r | p |\n| --- | --- | --- | --- |\n";
  for (int k : ks) {
    std::vector<double> rho, acc;
    for (const auto& row : groups.rows)
      if (std::atoi(row[groups.column("k", "groups.csv")].c_str()) == k) {
        const double r = csv_value(row[groups.column("pooled_rho", "groups.csv")], "groups.csv");
        const double a = csv_value(row[groups.column("mean_test_accuracy", "groups.csv")], "groups.csv");
        if (!std::isnan(r) && !std::isnan(a)) rho.push_back(r), acc.push_back(a);
      }
    const Correlation p = pearson(rho, acc);
    md += "| " + std::to_string(k) + " | " + std::to_string(rho.size()) + " | " + fixed(p.r) + " | " + p_text(p.p_value) + " |\n";
  }

  // Figures.
  const std::string figures = join_path(dir, "figures");
  make_directories(figures);
  std::vector<std::string> written;
  auto save = [&](const std::string& name, const Figure& figure) {
    write_file_atomically(join_path(figures, name), figure.svg());
    written.push_back(name);
  };
  for (std::size_t d = 0; d < dataset_order.size(); ++d) {
    const std::string& dataset = dataset_order[d];
    const std::string tag = std::to_string(d + 1) + "-" + slug(dataset);
    for (int k : ks) {
      std::vector<std::vector<double>> eta_by_layer, ric_by_layer;
      const std::vector<double>& xs = pooled_pairs[{dataset, k}].curvature;
      const std::vector<double>& ys = pooled_pairs[{dataset, k}].eta;
      for (const std::string& id : model_order) {
        const ModelInfo& m = info[id];
        if (m.dataset != dataset || !is_well_trained(m)) continue;
        const std::vector<LayerInfo>& values = layer_values[{id, k}];
        if (eta_by_layer.size() < values.size()) eta_by_layer.resize(values.size()), ric_by_layer.resize(values.size());
        for (std::size_t l = 0; l < values.size(); ++l) {
          if (!std::isnan(values[l].eta)) eta_by_layer[l].push_back(values[l].eta);
          ric_by_layer[l].push_back(values[l].curvature);
        }
      }
      std::vector<std::string> names;
      for (std::size_t l = 0; l < eta_by_layer.size(); ++l) names.push_back(std::to_string(l));
      const std::string suffix = tag + "_k" + std::to_string(k) + ".svg";
      Figure eta_box("eta_l by layer, " + dataset + ", k = " + std::to_string(k), "layer l", "eta_l = g_l - g_{l-1}");
      eta_box.add_boxes(names, eta_by_layer);
      eta_box.add_reference_y(0);
      save("eta_by_layer_" + suffix, eta_box);
      Figure ric_box("Total curvature by layer, " + dataset + ", k = " + std::to_string(k), "layer l", "Ric_l");
      ric_box.add_boxes(names, ric_by_layer);
      save("curvature_by_layer_" + suffix, ric_box);
      Figure scatter("eta_l against Ric_{l-1}, " + dataset + ", k = " + std::to_string(k), "Ric_{l-1}", "eta_l");
      scatter.add_points("pooled pairs of the well-trained models", xs, ys);
      const Correlation fit = pearson(xs, ys);
      if (fit.defined()) {
        double mx = 0, my = 0, sxy = 0, sxx = 0;
        for (std::size_t i = 0; i < xs.size(); ++i) mx += xs[i], my += ys[i];
        mx /= xs.size(), my /= ys.size();
        for (std::size_t i = 0; i < xs.size(); ++i) sxy += (xs[i] - mx) * (ys[i] - my), sxx += (xs[i] - mx) * (xs[i] - mx);
        const double slope = sxy / sxx, lo = *std::min_element(xs.begin(), xs.end()), hi = *std::max_element(xs.begin(), xs.end());
        scatter.add_line("least squares (r = " + fixed(fit.r) + ")", {lo, hi}, {my + slope * (lo - mx), my + slope * (hi - mx)});
      }
      save("eta_vs_curvature_" + suffix, scatter);
    }
    Figure rho_k("rho_k against k, " + dataset, "k", "mean rho_k over seeds");
    for (const auto& [ds, width, depth] : archs) {
      if (ds != dataset) continue;
      std::vector<double> kx, ry;
      for (int k : ks) {
        std::vector<double> rhos;
        for (const auto& [id, m] : info)
          if (m.dataset == ds && m.width == width && m.depth == depth && m.ok && m.rho.count(k)) rhos.push_back(m.rho.at(k));
        if (rhos.empty()) continue;
        double sum = 0;
        for (double r : rhos) sum += r;
        kx.push_back(k), ry.push_back(sum / rhos.size());
      }
      rho_k.add_line("width " + width + ", depth " + depth, kx, ry);
    }
    rho_k.add_reference_y(0);
    save("rho_vs_k_" + tag + ".svg", rho_k);
  }
  for (int k : ks) {
    Figure figure("rho_k against test accuracy, k = " + std::to_string(k), "test accuracy", "rho_k");
    for (const std::string& dataset : dataset_order) {
      std::vector<double> acc, rho;
      for (const auto& [id, m] : info)
        if (m.dataset == dataset && m.ok && m.rho.count(k)) acc.push_back(m.test_accuracy), rho.push_back(m.rho.at(k));
      figure.add_points(dataset, acc, rho);
    }
    figure.add_reference_y(0);
    save("rho_vs_accuracy_k" + std::to_string(k) + ".svg", figure);
  }
  md += "\n## Figures\n\n";
  for (const std::string& name : written) md += "- [" + name + "](figures/" + name + ")\n";
  write_file_atomically(join_path(dir, "summary.md"), md);
  return results;
}

int report_command(const std::vector<std::string>& args) {
  const std::vector<OptionSpec> specs = {{"quiet", "", "print nothing but errors"}};
  const Options options(args, specs);
  if (options.help()) {
    std::fputs(usage_text("report", "DIR", "Writes DIR/summary.md and DIR/figures/*.svg from a sweep's results.", specs)
                   .c_str(),
               stdout);
    return 0;
  }
  if (options.positional().size() != 1) throw usage_error("report: give one sweep directory");
  const std::string dir = options.positional()[0];
  write_report(dir);
  if (!options.flag("quiet"))
    std::printf("wrote %s and figures in %s\n", join_path(dir, "summary.md").c_str(), join_path(dir, "figures").c_str());
  return 0;
}

}  // namespace ricci
