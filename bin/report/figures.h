// figures.h — the figures of a sweep's report (figures/*.svg), each
// from numbers flow/ computed (summary.h, groups.h); these only draw them.
//
//   eta_by_layer_<d>_k<k>        box plots of g_l − g_{l−1} per layer, with n
//   curvature_by_layer_<d>_k<k>  box plots of Ric_l per layer, with n
//   eta_vs_curvature_<d>_k<k>    the pooled pairs (Ric_l, η_l) of the
//                                well-trained models, coloured by layer, one
//                                marker shape per seed, and the least-squares line
//   rho_vs_k_<d>                 per architecture, the median ρ_k of its trained
//                                models (any accuracy) with the interquartile band
//   rho_vs_k_baselines_<d>       the same for the data set's well-trained models
//                                beside each baseline's (with baselines only)
//   rho_vs_accuracy_k<k>         each trained model's ρ_k against its test accuracy
//
// <d> is "<position>-<short name>": the data set's place in the sweep and
// its name made safe for a file name and cut to 40 characters, so that a
// long SPEC without name= never breaks a file name; titles cut a long name too.
#pragma once

#include <string>
#include <vector>

#include "bin/report/svg.h"
#include "flow/summary.h"

namespace ricci {

// One figure of the report.
struct ReportFigure {
  std::string name;     // the file name in figures/, e.g. "rho_vs_k_1-paper-a.svg"
  std::string dataset;  // its data set; empty for a figure of all data sets
  int k = 0;            // its k; 0 for a figure of all ks
  std::string caption;  // one line saying what it shows (Markdown)
  Figure figure;
};

// Every figure of the report, by data set (each k, then the ks together),
// then the figures of all data sets. `results` are dataset_results(sweep).
std::vector<ReportFigure> report_figures(const Sweep& sweep, const std::vector<DatasetResult>& results);

// A data set's name as figure titles show it: cut to 32 characters, ending in "…".
std::string short_dataset_name(const std::string& dataset);

}  // namespace ricci
